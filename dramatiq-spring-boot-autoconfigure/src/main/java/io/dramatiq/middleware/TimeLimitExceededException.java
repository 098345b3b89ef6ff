package io.dramatiq.middleware;

import io.dramatiq.PythonName;

/**
 * Raised in an actor that ran past its time limit, as Python Dramatiq's
 * {@code TimeLimitExceeded}; reported as type {@code TimeLimitExceeded} with an empty
 * text. See {@link TimeLimit} for how it reaches actor code.
 */
@PythonName("TimeLimitExceeded")
public class TimeLimitExceededException extends InterruptException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public TimeLimitExceededException(String message) {
		super(message);
	}

}
