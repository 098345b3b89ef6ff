package io.dramatiq.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * At most {@code limit} permits in any sliding window of whole seconds across all
 * processes (spec §11.4): each second {@code T} (epoch seconds) counts its permits in the
 * key {@code <key>@<T>}, which lives for one window, and a permit is granted only while
 * the counters of the window's seconds sum to less than the limit. Permits are not given
 * back. On a Redis Cluster the window's keys must share one hash slot, so use a
 * hash-tagged key such as {@code {api}}.
 */
public class WindowRateLimiter extends RateLimiter {

	/** The default window, one second. */
	public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(1);

	private final int limit;

	private final long windowSeconds;

	private final Duration ttl;

	private final Clock clock;

	/**
	 * Create a limiter of one permit per second.
	 * @param backend the backend holding the counters
	 * @param key the prefix of the counters' keys
	 */
	public WindowRateLimiter(RateLimiterBackend backend, String key) {
		this(backend, key, 1, DEFAULT_WINDOW);
	}

	/**
	 * Create a limiter.
	 * @param backend the backend holding the counters
	 * @param key the prefix of the counters' keys
	 * @param limit how many permits per window, at least 1
	 * @param window the window, a whole number of seconds, at least 1
	 * @throws IllegalArgumentException when the limit or the window is too small, or the
	 * window is not whole seconds
	 */
	public WindowRateLimiter(RateLimiterBackend backend, String key, int limit, Duration window) {
		this(backend, key, limit, window, Clock.systemUTC());
	}

	/**
	 * Create a limiter that reads the time from a clock.
	 * @param backend the backend holding the counters
	 * @param key the prefix of the counters' keys
	 * @param limit how many permits per window, at least 1
	 * @param window the window, a whole number of seconds, at least 1
	 * @param clock the clock giving the current second
	 * @throws IllegalArgumentException when the limit or the window is too small, or the
	 * window is not whole seconds
	 */
	public WindowRateLimiter(RateLimiterBackend backend, String key, int limit, Duration window, Clock clock) {
		super(backend, key);
		this.limit = requirePositive(limit, "limit");
		Objects.requireNonNull(window, "'window' must not be null");
		if (window.getSeconds() < 1 || window.getNano() != 0) {
			throw new IllegalArgumentException("'window' must be a whole number of seconds, at least 1, not " + window);
		}
		this.windowSeconds = window.getSeconds();
		this.ttl = Duration.ofMillis(this.windowSeconds * 1000);
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
	}

	/**
	 * Return the keys of the counters of the current window.
	 * @return {@code <key>@<T>} for the current second {@code T}, then the seconds before
	 * it, one window in all
	 */
	public List<String> currentKeys() {
		long now = Math.floorDiv(this.clock.millis(), 1000);
		List<String> keys = new ArrayList<>();
		for (long second = now; second > now - this.windowSeconds; second--) {
			keys.add(key() + "@" + second);
		}
		return keys;
	}

	@Override
	protected boolean doAcquire() {
		List<String> keys = currentKeys();
		return backend().incrAndSum(keys.get(0), keys, 1, this.limit, this.ttl);
	}

}
