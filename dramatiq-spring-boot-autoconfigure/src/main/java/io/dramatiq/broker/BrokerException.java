package io.dramatiq.broker;

import io.dramatiq.DramatiqException;
import io.dramatiq.PythonName;

/**
 * Base class of broker errors, as {@code BrokerError} in Python Dramatiq.
 */
@PythonName("BrokerError")
public class BrokerException extends DramatiqException {

	public BrokerException(String message) {
		super(message);
	}

	public BrokerException(String message, Throwable cause) {
		super(message, cause);
	}

}
