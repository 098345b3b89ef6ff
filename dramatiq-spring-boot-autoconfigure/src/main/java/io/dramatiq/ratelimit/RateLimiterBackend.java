package io.dramatiq.ratelimit;

import java.time.Duration;

/**
 * The shared counters behind rate limiters and barriers, with Python Dramatiq's
 * primitives and Redis layout (spec §11.1). Keys are used verbatim.
 */
public interface RateLimiterBackend {

	/**
	 * Set a key if it is absent ({@code SET key value PX ttl NX}).
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live
	 * @return whether the key was set
	 */
	boolean add(String key, long value, Duration ttl);

	/**
	 * Add to a key unless the sum would exceed a maximum; a success resets the TTL.
	 * @param key the key
	 * @param amount the amount
	 * @param maximum the largest value allowed
	 * @param ttl the time to live
	 * @return whether the key was changed
	 */
	boolean incr(String key, long amount, long maximum, Duration ttl);

	/**
	 * Subtract from a key unless the difference would fall below a minimum; a success
	 * resets the TTL.
	 * @param key the key
	 * @param amount the amount
	 * @param minimum the smallest value allowed
	 * @param ttl the time to live
	 * @return whether the key was changed
	 */
	boolean decr(String key, long amount, long minimum, Duration ttl);

	/**
	 * Wait for a notification on a key, leaving it in place.
	 * @param key the key
	 * @param timeout how long to wait, or {@code null} for ever
	 * @return whether a notification came
	 */
	boolean await(String key, Duration timeout);

	/**
	 * Notify the waiters on a key ({@code RPUSH key x} with a TTL).
	 * @param key the key
	 * @param ttl the time to live
	 */
	void notifyWaiters(String key, Duration ttl);

}
