package io.dramatiq.actor;

import io.dramatiq.DramatiqException;
import io.dramatiq.PythonName;

/**
 * Raised when a message names an actor this process does not know, as
 * {@code ActorNotFound} in Python Dramatiq (reported by that name on the wire; in Java it
 * extends {@link DramatiqException} directly so that the actor package does not depend on
 * the broker package).
 */
@PythonName("ActorNotFound")
public class ActorNotFoundException extends DramatiqException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public ActorNotFoundException(String message) {
		super(message);
	}

}
