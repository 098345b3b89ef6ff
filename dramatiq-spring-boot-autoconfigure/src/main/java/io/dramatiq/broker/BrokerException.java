package io.dramatiq.broker;

import io.dramatiq.DramatiqException;

/**
 * Base class of broker errors, as {@code BrokerError} in Python Dramatiq.
 */
public class BrokerException extends DramatiqException {

	public BrokerException(String message) {
		super(message);
	}

	public BrokerException(String message, Throwable cause) {
		super(message, cause);
	}

}
