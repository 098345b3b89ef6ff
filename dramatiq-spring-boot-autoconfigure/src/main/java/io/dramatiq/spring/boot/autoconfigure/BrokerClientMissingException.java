package io.dramatiq.spring.boot.autoconfigure;

import java.util.Locale;
import java.util.Objects;

import io.dramatiq.DramatiqException;

/**
 * Raised at start-up when {@code dramatiq.broker.type} names a broker whose client
 * library is not on the class path, such as {@code rabbitmq} without Spring AMQP.
 * {@link BrokerClientMissingFailureAnalyzer} reports it with the dependency to add.
 */
public class BrokerClientMissingException extends DramatiqException {

	/** The broker type. */
	private final BrokerType brokerType;

	/** The class that is missing from the class path. */
	private final String missingClass;

	/**
	 * Create an exception.
	 * @param brokerType the broker type that was chosen
	 * @param missingClass the client class that is missing, such as
	 * {@code org.springframework.amqp.rabbit.connection.ConnectionFactory}
	 */
	public BrokerClientMissingException(BrokerType brokerType, String missingClass) {
		super("Property 'dramatiq.broker.type' is '" + value(brokerType) + "', but " + clientName(brokerType)
				+ " is not on the class path: class '" + missingClass + "' is missing.");
		this.brokerType = brokerType;
		this.missingClass = Objects.requireNonNull(missingClass, "'missingClass' must not be null");
	}

	/**
	 * Return the broker type that was chosen.
	 * @return the broker type
	 */
	public BrokerType getBrokerType() {
		return this.brokerType;
	}

	/**
	 * Return the missing client class.
	 * @return the class name
	 */
	public String getMissingClass() {
		return this.missingClass;
	}

	/**
	 * Return the dependency that brings the client.
	 * @return Maven coordinates, as {@code groupId:artifactId}
	 */
	public String getDependency() {
		return switch (this.brokerType) {
			case RABBITMQ -> "org.springframework.boot:spring-boot-starter-amqp";
			case REDIS -> "org.springframework.boot:spring-boot-starter-data-redis";
			case STUB -> "io.dramatiq:dramatiq-spring-boot-autoconfigure";
		};
	}

	private static String value(BrokerType brokerType) {
		return Objects.requireNonNull(brokerType, "'brokerType' must not be null").name().toLowerCase(Locale.ROOT);
	}

	private static String clientName(BrokerType brokerType) {
		return switch (brokerType) {
			case RABBITMQ -> "the RabbitMQ client (Spring AMQP)";
			case REDIS -> "the Redis client (Spring Data Redis with Lettuce)";
			case STUB -> "the stub broker";
		};
	}

}
