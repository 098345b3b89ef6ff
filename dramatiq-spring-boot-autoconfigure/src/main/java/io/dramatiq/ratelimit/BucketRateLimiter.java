package io.dramatiq.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * At most {@code limit} permits per time bucket across all processes (spec §11.3): the
 * counter of the bucket starting at {@code s} (epoch ms, a multiple of the bucket size)
 * is the key {@code <key>@<s>}, which expires after one bucket. Permits are not given
 * back.
 */
public class BucketRateLimiter extends RateLimiter {

	/** The default bucket size, one second. */
	public static final Duration DEFAULT_BUCKET = Duration.ofMillis(1000);

	private final int limit;

	private final Duration bucket;

	private final Clock clock;

	/**
	 * Create a limiter of one permit per second.
	 * @param backend the backend holding the counters
	 * @param key the prefix of the counters' keys
	 */
	public BucketRateLimiter(RateLimiterBackend backend, String key) {
		this(backend, key, 1, DEFAULT_BUCKET);
	}

	/**
	 * Create a limiter.
	 * @param backend the backend holding the counters
	 * @param key the prefix of the counters' keys
	 * @param limit how many permits per bucket, at least 1
	 * @param bucket the bucket size, at least 1 ms
	 * @throws IllegalArgumentException when the limit or the bucket is too small
	 */
	public BucketRateLimiter(RateLimiterBackend backend, String key, int limit, Duration bucket) {
		this(backend, key, limit, bucket, Clock.systemUTC());
	}

	/**
	 * Create a limiter that reads the time from a clock.
	 * @param backend the backend holding the counters
	 * @param key the prefix of the counters' keys
	 * @param limit how many permits per bucket, at least 1
	 * @param bucket the bucket size, at least 1 ms
	 * @param clock the clock giving the current bucket
	 * @throws IllegalArgumentException when the limit or the bucket is too small
	 */
	public BucketRateLimiter(RateLimiterBackend backend, String key, int limit, Duration bucket, Clock clock) {
		super(backend, key);
		this.limit = requirePositive(limit, "limit");
		this.bucket = Objects.requireNonNull(bucket, "'bucket' must not be null");
		if (bucket.toMillis() < 1) {
			throw new IllegalArgumentException("'bucket' must be at least 1 ms, not " + bucket);
		}
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
	}

	/**
	 * Return the key of the counter of the current bucket.
	 * @return {@code <key>@<start of the bucket in epoch ms>}
	 */
	public String currentKey() {
		long now = this.clock.millis();
		long size = this.bucket.toMillis();
		return key() + "@" + (now - Math.floorMod(now, size));
	}

	@Override
	protected boolean doAcquire() {
		// Python adds the key first and increments it when it exists; one increment (a
		// missing key counts as 0) leaves the same value and TTL in one step
		return backend().incr(currentKey(), 1, this.limit, this.bucket);
	}

}
