package io.dramatiq.middleware;

import io.dramatiq.PythonName;
import io.dramatiq.broker.MiddlewareException;

/**
 * Raised from {@code beforeProcessMessage} to skip a message without running its actor
 * (Python's {@code SkipMessage}). Mark the message failed first to dead-letter it.
 */
@PythonName("SkipMessage")
public class SkipMessageException extends MiddlewareException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public SkipMessageException(String message) {
		super(message);
	}

}
