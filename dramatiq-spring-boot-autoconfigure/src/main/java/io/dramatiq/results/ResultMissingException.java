package io.dramatiq.results;

import io.dramatiq.PythonName;

/**
 * Thrown by a non-blocking read when no result is stored (yet) for the message.
 */
@PythonName("ResultMissing")
public class ResultMissingException extends ResultException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public ResultMissingException(String message) {
		super(message);
	}

}
