package io.dramatiq.broker;

import io.dramatiq.PythonName;

/**
 * Raised when the broker cannot be reached or the connection broke, as
 * {@code ConnectionError} in Python Dramatiq. Consumers that raise it are restarted.
 */
@PythonName("ConnectionError")
public class ConnectionException extends BrokerException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public ConnectionException(String message) {
		super(message);
	}

	/**
	 * Create the exception.
	 * @param message the message
	 * @param cause the cause
	 */
	public ConnectionException(String message, Throwable cause) {
		super(message, cause);
	}

}
