package io.dramatiq;

import java.time.Duration;

/**
 * Thrown by an actor to ask for a retry, optionally after a given delay, as Python's
 * {@code dramatiq.Retry}. It counts towards {@code max_retries} but is not logged as an
 * error.
 */
@PythonName("Retry")
public class RetryException extends DramatiqException {

	/** The delay before the retry, or {@code null} for the backoff. */
	private final Duration delay;

	/** Create the exception. */
	public RetryException() {
		this(null, null);
	}

	/**
	 * Create the exception.
	 * @param message the message
	 * @param delay the delay before the retry, or {@code null} for the backoff
	 */
	public RetryException(String message, Duration delay) {
		super((message != null) ? message : "Retry requested");
		this.delay = delay;
	}

	/**
	 * Return the requested delay.
	 * @return the delay, or {@code null} to use the backoff
	 */
	public Duration delay() {
		return this.delay;
	}

}
