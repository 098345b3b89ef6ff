package io.dramatiq.actor;

import io.dramatiq.DramatiqException;

/**
 * Raised when an actor option has a value of the wrong kind, such as a time limit that is
 * not a duration. The message names the actor, the option, where the value came from and
 * the expected form.
 */
public class InvalidActorOptionException extends DramatiqException {

	public InvalidActorOptionException(String message, Throwable cause) {
		super(message, cause);
	}

}
