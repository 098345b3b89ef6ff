package io.dramatiq.ratelimit;

import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code limit} holders of a key at once across all processes (spec §11.2); a
 * limit of 1 is a distributed mutex. The counter is the key itself; a permit adds 1 and
 * closing it takes 1 away, leaving {@code 0} until the key expires. The TTL bounds how
 * long a holder that died keeps its permit.
 */
public class ConcurrentRateLimiter extends RateLimiter {

	/** The default time to live of the counter, 15 minutes as in Python Dramatiq. */
	public static final Duration DEFAULT_TTL = Duration.ofMillis(900_000);

	private final int limit;

	private final Duration ttl;

	/**
	 * Create a distributed mutex with the default TTL.
	 * @param backend the backend holding the counter
	 * @param key the key of the counter
	 */
	public ConcurrentRateLimiter(RateLimiterBackend backend, String key) {
		this(backend, key, 1, DEFAULT_TTL);
	}

	/**
	 * Create a limiter.
	 * @param backend the backend holding the counter
	 * @param key the key of the counter
	 * @param limit how many holders at once, at least 1
	 * @param ttl the time to live of the counter, at least 1 ms
	 * @throws IllegalArgumentException when the limit or the TTL is too small
	 */
	public ConcurrentRateLimiter(RateLimiterBackend backend, String key, int limit, Duration ttl) {
		super(backend, key);
		this.limit = requirePositive(limit, "limit");
		this.ttl = Objects.requireNonNull(ttl, "'ttl' must not be null");
		if (ttl.toMillis() < 1) {
			throw new IllegalArgumentException("'ttl' must be at least 1 ms, not " + ttl);
		}
	}

	@Override
	protected boolean doAcquire() {
		// Python adds the key first and increments it when it exists; one increment (a
		// missing key counts as 0) leaves the same value and TTL in one step
		return backend().incr(key(), 1, this.limit, this.ttl);
	}

	@Override
	protected void release() {
		backend().decr(key(), 1, 0, this.ttl);
	}

}
