package io.dramatiq.results;

import io.dramatiq.DramatiqException;
import io.dramatiq.PythonName;

/**
 * Base class of the exceptions raised when reading a result.
 */
@PythonName("ResultError")
public class ResultException extends DramatiqException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public ResultException(String message) {
		super(message);
	}

	/**
	 * Create the exception.
	 * @param message the message
	 * @param cause the cause
	 */
	public ResultException(String message, Throwable cause) {
		super(message, cause);
	}

}
