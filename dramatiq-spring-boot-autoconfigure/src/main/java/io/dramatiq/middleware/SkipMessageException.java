package io.dramatiq.middleware;

/**
 * Raised from {@code beforeProcessMessage} to skip a message without running its actor
 * (Python's {@code SkipMessage}). Mark the message failed first to dead-letter it.
 */
public class SkipMessageException extends MiddlewareException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public SkipMessageException(String message) {
		super(message);
	}

}
