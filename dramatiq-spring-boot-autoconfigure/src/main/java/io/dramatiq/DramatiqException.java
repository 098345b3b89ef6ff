package io.dramatiq;

/**
 * Base class of every exception raised by Dramatiq, as {@code DramatiqError} is in Python
 * Dramatiq ({@code dramatiq/errors.py}).
 */
public class DramatiqException extends RuntimeException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public DramatiqException(String message) {
		super(message);
	}

	/**
	 * Create the exception.
	 * @param message the message
	 * @param cause the cause
	 */
	public DramatiqException(String message, Throwable cause) {
		super(message, cause);
	}

}
