package io.dramatiq.broker;

import io.dramatiq.DramatiqException;
import io.dramatiq.PythonName;

/**
 * Base class of broker errors, as {@code BrokerError} in Python Dramatiq.
 */
@PythonName("BrokerError")
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
