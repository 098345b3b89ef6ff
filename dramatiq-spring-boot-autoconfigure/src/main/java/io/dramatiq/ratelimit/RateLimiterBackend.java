package io.dramatiq.ratelimit;

import java.time.Duration;
import java.util.List;

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
	 * Add to a key unless the key's new value, or the amount plus the sum of a set of
	 * keys, would exceed a maximum; a success resets the TTL of the key. Missing keys
	 * count as 0.
	 * @param key the key to change
	 * @param keys the keys to sum, the key itself included
	 * @param amount the amount
	 * @param maximum the largest value and sum allowed
	 * @param ttl the time to live of the key
	 * @return whether the key was changed
	 */
	boolean incrAndSum(String key, List<String> keys, long amount, long maximum, Duration ttl);

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
