package io.dramatiq.broker;

import io.dramatiq.DramatiqException;

/**
 * Base class of broker errors, as {@code BrokerError} in Python Dramatiq.
 */
public class BrokerException extends DramatiqException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public BrokerException(String message) {
		super(message);
	}

	/**
	 * Create the exception.
	 * @param message the message
	 * @param cause the cause
	 */
	public BrokerException(String message, Throwable cause) {
		super(message, cause);
	}

}
