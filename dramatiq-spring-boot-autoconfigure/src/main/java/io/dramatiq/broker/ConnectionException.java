package io.dramatiq.broker;

import io.dramatiq.PythonName;

/**
 * Raised when the broker cannot be reached or the connection broke, as
 * {@code ConnectionError} in Python Dramatiq. Consumers that raise it are restarted.
 */
@PythonName("ConnectionError")
public class ConnectionException extends BrokerException {

	public ConnectionException(String message) {
		super(message);
	}

	public ConnectionException(String message, Throwable cause) {
		super(message, cause);
	}

}
