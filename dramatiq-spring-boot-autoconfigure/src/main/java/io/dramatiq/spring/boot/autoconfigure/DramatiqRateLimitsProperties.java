package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;

/**
 * Settings of the counters behind group completion callbacks and the rate limiters of
 * {@code dramatiq.rate-limiters.*}, {@code dramatiq.rate-limits.*}.
 */
public class DramatiqRateLimitsProperties {

	/**
	 * Where counters and barriers are kept: redis or stub. Groups with completion
	 * callbacks and the limiters of 'dramatiq.rate-limiters' need it. When not set, there
	 * is none.
	 */
	private BackendType backend;

	/**
	 * How long the barrier of a group with completion callbacks lives in the backend; a
	 * group that takes longer never runs its callbacks.
	 */
	private Duration groupBarrierTtl = Duration.ofDays(1);

	/**
	 * Return the {@code backend} setting.
	 * @return the {@code backend} setting, or {@code null} when not set
	 */
	public BackendType getBackend() {
		return this.backend;
	}

	/**
	 * Set the {@code backend} setting.
	 * @param backend the new value
	 */
	public void setBackend(BackendType backend) {
		this.backend = backend;
	}

	/**
	 * Return the {@code group-barrier-ttl} setting.
	 * @return the {@code group-barrier-ttl} setting
	 */
	public Duration getGroupBarrierTtl() {
		return this.groupBarrierTtl;
	}

	/**
	 * Set the {@code group-barrier-ttl} setting.
	 * @param groupBarrierTtl the new value
	 */
	public void setGroupBarrierTtl(Duration groupBarrierTtl) {
		this.groupBarrierTtl = groupBarrierTtl;
	}

}
