package io.dramatiq.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * A barrier that clears once a number of parties reached it, shared with Python Dramatiq
 * ({@code dramatiq.rate_limits.Barrier}, spec §11.5), quirks included.
 */
public final class Barrier {

	/** Python's default time to live of a barrier (15 minutes). */
	public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);

	/** The suffix of the key waiters block on. */
	static final String EVENTS_SUFFIX = "@events";

	private final RateLimiterBackend backend;

	private final String key;

	private final String eventsKey;

	private final Duration ttl;

	/**
	 * Create a barrier.
	 * @param backend the backend
	 * @param key the key
	 * @param ttl the time to live
	 */
	public Barrier(RateLimiterBackend backend, String key, Duration ttl) {
		this.backend = Objects.requireNonNull(backend, "'backend' must not be null");
		this.key = Objects.requireNonNull(key, "'key' must not be null");
		this.eventsKey = key + EVENTS_SUFFIX;
		this.ttl = Objects.requireNonNull(ttl, "'ttl' must not be null");
	}

	/**
	 * Create the barrier for a number of parties, unless it exists.
	 * @param parties how many calls to {@link #await} clear it
	 * @return whether it was created
	 */
	public boolean create(int parties) {
		if (parties <= 0) {
			throw new IllegalArgumentException("A barrier needs at least one party, not " + parties);
		}
		return this.backend.add(this.key, parties, this.ttl);
	}

	/**
	 * Reach the barrier without waiting.
	 * @return whether this call cleared it (or it was already cleared or gone)
	 */
	public boolean await() {
		// the last party finds 1, cannot go below it and clears; the counter stays at 1,
		// so later (or late) parties clear too, as in Python
		boolean cleared = !this.backend.decr(this.key, 1, 1, this.ttl);
		if (cleared) {
			this.backend.notifyWaiters(this.eventsKey, this.ttl);
		}
		return cleared;
	}

	/**
	 * Reach the barrier and wait until it clears.
	 * @param timeout how long to wait, or {@code null} for ever
	 * @return whether it cleared
	 */
	public boolean await(Duration timeout) {
		return await() || this.backend.await(this.eventsKey, timeout);
	}

	/**
	 * Return the key of the counter.
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Return the key waiters block on ({@code <key>@events}).
	 * @return the events key
	 */
	public String eventsKey() {
		return this.eventsKey;
	}

}
