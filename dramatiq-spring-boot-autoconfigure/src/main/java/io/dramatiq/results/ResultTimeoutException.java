package io.dramatiq.results;

import io.dramatiq.PythonName;

/**
 * Thrown by a blocking read when no result was stored before the timeout.
 */
@PythonName("ResultTimeout")
public class ResultTimeoutException extends ResultException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public ResultTimeoutException(String message) {
		super(message);
	}

}
