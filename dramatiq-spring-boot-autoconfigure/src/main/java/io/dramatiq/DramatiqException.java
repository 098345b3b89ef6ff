package io.dramatiq;

/**
 * Base class of every exception raised by Dramatiq, as {@code DramatiqError} is in Python
 * Dramatiq ({@code dramatiq/errors.py}).
 */
@PythonName("DramatiqError")
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

	/**
	 * Return the text Python Dramatiq would report for this failure, as Python's
	 * {@code str(exception)}: the message, or an empty string when there is none.
	 * @return the text, never {@code null}
	 */
	public String pythonText() {
		String message = getMessage();
		return (message != null) ? message : "";
	}

}
