package io.dramatiq.message;

import io.dramatiq.DramatiqException;
import io.dramatiq.PythonName;

/**
 * Raised when a value cannot be encoded as JSON, for example an argument of a type that
 * has no JSON form.
 */
@PythonName("EncodeError")
public class EncodeException extends DramatiqException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public EncodeException(String message) {
		super(message);
	}

	/**
	 * Create the exception.
	 * @param message the message
	 * @param cause the cause
	 */
	public EncodeException(String message, Throwable cause) {
		super(message, cause);
	}

}
