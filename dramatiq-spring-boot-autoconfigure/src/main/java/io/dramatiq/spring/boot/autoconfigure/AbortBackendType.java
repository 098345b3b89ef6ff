package io.dramatiq.spring.boot.autoconfigure;

/**
 * Where abort requests travel ({@code dramatiq.abort.backend}).
 */
public enum AbortBackendType {

	/**
	 * Redis lists with dramatiq-abort's keys, through Spring Boot's
	 * {@code RedisConnectionFactory} ({@code spring.data.redis.*}), shared with Python.
	 */
	REDIS,

	/**
	 * A RabbitMQ fanout exchange that broadcasts each request to every worker, through
	 * Spring Boot's {@code ConnectionFactory} ({@code spring.rabbitmq.*}); Java only.
	 */
	RABBITMQ,

	/**
	 * This process's memory, for tests and the embedded stub broker.
	 */
	STUB

}
