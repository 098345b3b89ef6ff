package io.dramatiq.spring.boot.autoconfigure;

/**
 * Where results ({@code dramatiq.results.backend}) or rate-limit counters and barriers
 * ({@code dramatiq.rate-limits.backend}) are kept.
 */
public enum BackendType {

	/**
	 * In Redis, through Spring Boot's {@code RedisConnectionFactory}
	 * ({@code spring.data.redis.*}), shared with Python Dramatiq.
	 */
	REDIS,

	/**
	 * In this process's memory, for tests and the embedded stub broker.
	 */
	STUB

}
