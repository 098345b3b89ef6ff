package io.dramatiq.ratelimit;

import java.util.Objects;

/**
 * A limit shared through a {@link RateLimiterBackend} by every process that uses the same
 * key, with Python Dramatiq's keys and values (spec §11), so Java and Python share one
 * budget. Two ways to ask for a permit, both for try-with-resources:
 * <ul>
 * <li>{@link #acquire()} throws {@link RateLimitExceededException} when denied (in an
 * actor, the Retries middleware then retries the message with backoff);</li>
 * <li>{@link #tryAcquire()} returns a {@link Permit} whose {@link Permit#isAcquired()}
 * tells whether the work may run.</li>
 * </ul>
 * A failing backend (Redis unavailable) throws its own exception from both: a permit is
 * never granted when the backend could not be asked.
 */
public abstract class RateLimiter {

	private final RateLimiterBackend backend;

	private final String key;

	/**
	 * Create a limiter.
	 * @param backend the backend holding the counters
	 * @param key the key shared by every user of this limit
	 */
	protected RateLimiter(RateLimiterBackend backend, String key) {
		this.backend = Objects.requireNonNull(backend, "'backend' must not be null");
		this.key = Objects.requireNonNull(key, "'key' must not be null");
	}

	/**
	 * Acquire a permit or throw.
	 * @return the acquired permit, to close when the guarded work is done
	 * @throws RateLimitExceededException when the limit is reached
	 */
	public Permit acquire() {
		Permit permit = tryAcquire();
		if (!permit.isAcquired()) {
			throw new RateLimitExceededException(this.key);
		}
		return permit;
	}

	/**
	 * Try to acquire a permit without throwing when the limit is reached.
	 * @return the permit, acquired or not, to close when the guarded work is done
	 */
	public Permit tryAcquire() {
		return doAcquire() ? Permit.acquired(this::release) : Permit.denied();
	}

	/**
	 * Return the key shared by every user of this limit.
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Return the backend holding the counters.
	 * @return the backend
	 */
	protected RateLimiterBackend backend() {
		return this.backend;
	}

	/**
	 * Take a permit from the backend.
	 * @return whether a permit was taken
	 */
	protected abstract boolean doAcquire();

	/**
	 * Give back a permit taken by {@link #doAcquire()}; does nothing unless overridden.
	 */
	protected void release() {
	}

	static int requirePositive(int value, String name) {
		if (value < 1) {
			throw new IllegalArgumentException("'" + name + "' must be at least 1, not " + value);
		}
		return value;
	}

}
