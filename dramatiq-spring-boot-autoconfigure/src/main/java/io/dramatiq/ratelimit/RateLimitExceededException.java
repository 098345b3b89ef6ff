package io.dramatiq.ratelimit;

import io.dramatiq.DramatiqException;
import io.dramatiq.PythonName;

/**
 * Raised by {@link RateLimiter#acquire()} when the limiter's budget is spent, as Python
 * Dramatiq's {@code RateLimitExceeded}. Thrown from an actor, it is retried with backoff
 * by the Retries middleware like any other failure.
 */
@PythonName("RateLimitExceeded")
public class RateLimitExceededException extends DramatiqException {

	/** The key of the limiter that denied the permit. */
	private final String key;

	/**
	 * Create the exception for a limiter's key.
	 * @param key the key of the limiter that denied the permit
	 */
	public RateLimitExceededException(String key) {
		super("rate limit exceeded for key '" + key + "'");
		this.key = key;
	}

	/**
	 * Return the key of the limiter that denied the permit.
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

}
