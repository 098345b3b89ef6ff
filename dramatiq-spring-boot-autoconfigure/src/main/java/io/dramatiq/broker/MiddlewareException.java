package io.dramatiq.broker;

import io.dramatiq.DramatiqException;
import io.dramatiq.PythonName;

/**
 * An exception a middleware raises on purpose; unlike other exceptions from hooks it is
 * not swallowed (Python's {@code MiddlewareError}).
 */
@PythonName("MiddlewareError")
public class MiddlewareException extends DramatiqException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public MiddlewareException(String message) {
		super(message);
	}

}
