package io.dramatiq.spring.boot.autoconfigure;

/**
 * The kind of broker the auto-configuration creates, chosen with
 * {@code dramatiq.broker.type}.
 */
public enum BrokerType {

	/** RabbitMQ through Spring AMQP, connected with {@code spring.rabbitmq.*}. */
	RABBITMQ,

	/** Redis through Spring Data Redis, connected with {@code spring.data.redis.*}. */
	REDIS,

	/** In-memory broker for tests and local runs: messages are lost on restart. */
	STUB

}
