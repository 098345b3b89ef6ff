package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;

/**
 * Settings of one rate limiter, {@code dramatiq.rate-limiters.<name>.*}; the limiter is a
 * bean named after its entry.
 */
public class DramatiqRateLimiterProperties {

	/**
	 * Kind of limiter: concurrent, bucket or window.
	 */
	private RateLimiterType type;

	/**
	 * Key shared by every process that uses this limit. When not set, the name of the
	 * entry.
	 */
	private String key;

	/**
	 * How many holders at once (concurrent) or permits per bucket or window.
	 */
	private int limit = 1;

	/**
	 * How long the counter of a concurrent limiter lives, so permits never given back
	 * expire.
	 */
	private Duration ttl = Duration.ofMinutes(15);

	/**
	 * Length of the buckets of a bucket limiter, at least 1ms.
	 */
	private Duration bucket = Duration.ofSeconds(1);

	/**
	 * Length of the window of a window limiter, whole seconds, at least 1s.
	 */
	private Duration window = Duration.ofSeconds(1);

	/**
	 * Return the {@code type} setting.
	 * @return the {@code type} setting, or {@code null} when not set
	 */
	public RateLimiterType getType() {
		return this.type;
	}

	/**
	 * Set the {@code type} setting.
	 * @param type the new value
	 */
	public void setType(RateLimiterType type) {
		this.type = type;
	}

	/**
	 * Return the {@code key} setting.
	 * @return the {@code key} setting, or {@code null} when not set
	 */
	public String getKey() {
		return this.key;
	}

	/**
	 * Set the {@code key} setting.
	 * @param key the new value
	 */
	public void setKey(String key) {
		this.key = key;
	}

	/**
	 * Return the {@code limit} setting.
	 * @return the {@code limit} setting
	 */
	public int getLimit() {
		return this.limit;
	}

	/**
	 * Set the {@code limit} setting.
	 * @param limit the new value
	 */
	public void setLimit(int limit) {
		this.limit = limit;
	}

	/**
	 * Return the {@code ttl} setting.
	 * @return the {@code ttl} setting
	 */
	public Duration getTtl() {
		return this.ttl;
	}

	/**
	 * Set the {@code ttl} setting.
	 * @param ttl the new value
	 */
	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	/**
	 * Return the {@code bucket} setting.
	 * @return the {@code bucket} setting
	 */
	public Duration getBucket() {
		return this.bucket;
	}

	/**
	 * Set the {@code bucket} setting.
	 * @param bucket the new value
	 */
	public void setBucket(Duration bucket) {
		this.bucket = bucket;
	}

	/**
	 * Return the {@code window} setting.
	 * @return the {@code window} setting
	 */
	public Duration getWindow() {
		return this.window;
	}

	/**
	 * Set the {@code window} setting.
	 * @param window the new value
	 */
	public void setWindow(Duration window) {
		this.window = window;
	}

}
