package io.dramatiq.message;

import io.dramatiq.DramatiqException;
import io.dramatiq.PythonName;

/**
 * Raised when a message body cannot be decoded: invalid UTF-8 or JSON, a missing required
 * key or an unknown top-level key, as {@code DecodeError} in Python Dramatiq.
 */
@PythonName("DecodeError")
public class DecodeException extends DramatiqException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public DecodeException(String message) {
		super(message);
	}

	/**
	 * Create the exception.
	 * @param message the message
	 * @param cause the cause
	 */
	public DecodeException(String message, Throwable cause) {
		super(message, cause);
	}

}
