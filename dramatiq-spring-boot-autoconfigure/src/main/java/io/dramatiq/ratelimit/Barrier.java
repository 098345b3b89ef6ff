package io.dramatiq.ratelimit;

import java.time.Duration;

/**
 * A barrier that clears once a number of parties reached it, shared with Python Dramatiq
 * ({@code dramatiq.rate_limits.Barrier}, spec §11.5), quirks included.
 */
public final class Barrier {

	/** Python's default time to live of a barrier (15 minutes). */
	public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

	/**
	 * Create a barrier.
	 * @param backend the backend
	 * @param key the key
	 * @param ttl the time to live
	 */
	public Barrier(RateLimiterBackend backend, String key, Duration ttl) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Create the barrier for a number of parties, unless it exists.
	 * @param parties how many calls to {@link #await} clear it
	 * @return whether it was created
	 */
	public boolean create(int parties) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Reach the barrier without waiting.
	 * @return whether this call cleared it (or it was already cleared or gone)
	 */
	public boolean await() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Reach the barrier and wait until it clears.
	 * @param timeout how long to wait, or {@code null} for ever
	 * @return whether it cleared
	 */
	public boolean await(Duration timeout) {
		throw new UnsupportedOperationException("TODO");
	}

}
