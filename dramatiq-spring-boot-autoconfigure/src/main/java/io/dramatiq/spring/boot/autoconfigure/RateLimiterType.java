package io.dramatiq.spring.boot.autoconfigure;

/**
 * The kind of a rate limiter declared under {@code dramatiq.rate-limiters.<name>.type}.
 */
public enum RateLimiterType {

	/**
	 * At most 'limit' holders at once
	 * ({@link io.dramatiq.ratelimit.ConcurrentRateLimiter}).
	 */
	CONCURRENT,

	/**
	 * At most 'limit' permits per fixed bucket of time
	 * ({@link io.dramatiq.ratelimit.BucketRateLimiter}).
	 */
	BUCKET,

	/**
	 * At most 'limit' permits in any sliding window of seconds
	 * ({@link io.dramatiq.ratelimit.WindowRateLimiter}).
	 */
	WINDOW

}
