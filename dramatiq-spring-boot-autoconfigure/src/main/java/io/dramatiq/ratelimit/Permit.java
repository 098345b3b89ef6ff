package io.dramatiq.ratelimit;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The outcome of asking a {@link RateLimiter} for a permit, to be closed when the guarded
 * work is done (try-with-resources). Closing gives back what a limiter that releases (the
 * {@link ConcurrentRateLimiter}) took, only when the permit was acquired and only once;
 * for other limiters, and for a permit that was denied, closing does nothing.
 */
public final class Permit implements AutoCloseable {

	private static final Permit DENIED = new Permit(false, null);

	private final boolean acquired;

	private final Runnable release;

	private final AtomicBoolean closed = new AtomicBoolean();

	private Permit(boolean acquired, Runnable release) {
		this.acquired = acquired;
		this.release = release;
	}

	static Permit acquired(Runnable release) {
		return new Permit(true, release);
	}

	static Permit denied() {
		return DENIED;
	}

	/**
	 * Return whether the permit was acquired, so the guarded work may run.
	 * @return whether the permit was acquired
	 */
	public boolean isAcquired() {
		return this.acquired;
	}

	/**
	 * Give back an acquired permit; later calls do nothing.
	 * @throws RuntimeException when the backend fails to record the release
	 */
	@Override
	public void close() {
		if (this.acquired && this.release != null && this.closed.compareAndSet(false, true)) {
			this.release.run();
		}
	}

}
