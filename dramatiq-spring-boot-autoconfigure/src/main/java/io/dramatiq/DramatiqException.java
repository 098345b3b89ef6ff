package io.dramatiq;

/**
 * Base class of every exception raised by Dramatiq, as {@code DramatiqError} is in Python
 * Dramatiq ({@code dramatiq/errors.py}).
 */
public class DramatiqException extends RuntimeException {

	public DramatiqException(String message) {
		super(message);
	}

	public DramatiqException(String message, Throwable cause) {
		super(message, cause);
	}

}
