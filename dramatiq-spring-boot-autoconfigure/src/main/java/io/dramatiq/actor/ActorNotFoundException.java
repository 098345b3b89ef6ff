package io.dramatiq.actor;

import io.dramatiq.broker.BrokerException;

/**
 * Raised when a message names an actor this process does not know, as
 * {@code ActorNotFound} in Python Dramatiq.
 */
public class ActorNotFoundException extends BrokerException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public ActorNotFoundException(String message) {
		super(message);
	}

}
