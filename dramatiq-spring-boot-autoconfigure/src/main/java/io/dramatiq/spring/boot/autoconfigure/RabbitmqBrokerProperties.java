package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;

import io.dramatiq.broker.rabbitmq.RabbitmqBrokerOptions;
import io.dramatiq.broker.rabbitmq.RabbitmqQueueType;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the RabbitMQ broker, under {@code dramatiq.broker.rabbitmq}. The connection
 * itself comes from Spring Boot's {@code spring.rabbitmq.*}.
 */
@ConfigurationProperties("dramatiq.broker.rabbitmq")
public class RabbitmqBrokerProperties {

	private static final String PREFIX = "dramatiq.broker.rabbitmq.";

	/**
	 * Maximum priority of the queues (their 'x-max-priority', 1 to 255), needed for the
	 * 'broker_priority' message option. Python Dramatiq's 'max_priority'; every producer
	 * and worker of a queue must use the same value.
	 */
	private Integer maxPriority;

	/**
	 * Whether each enqueue waits for RabbitMQ's publisher confirm, and is retried when
	 * RabbitMQ did not take the message. Python Dramatiq's 'confirm_delivery', which is
	 * off there.
	 */
	private boolean confirmDelivery = true;

	/**
	 * How long dead-lettered messages stay in the dead-letter queue (its
	 * 'x-message-ttl'). When unset, the environment variable 'dramatiq_dead_message_ttl'
	 * (milliseconds) or 7 days, as in Python Dramatiq; every producer and worker of a
	 * queue must use the same value.
	 */
	private Duration deadMessageTtl;

	/**
	 * How long an enqueue waits for its publisher confirm before it tries again.
	 */
	private Duration confirmTimeout = Duration.ofSeconds(30);

	/**
	 * Type of the queues declared: 'classic' (as Python Dramatiq declares them) or
	 * 'quorum' (replicated over a cluster, no priorities). A queue shared with Python
	 * Dramatiq must stay classic; a queue cannot change type once declared.
	 */
	private RabbitmqQueueType queueType = RabbitmqQueueType.CLASSIC;

	/**
	 * Return the {@code maxPriority} setting.
	 * @return the value
	 */
	public Integer getMaxPriority() {
		return this.maxPriority;
	}

	/**
	 * Set the {@code maxPriority} setting.
	 * @param maxPriority the value
	 */
	public void setMaxPriority(Integer maxPriority) {
		this.maxPriority = maxPriority;
	}

	/**
	 * Return the {@code confirmDelivery} setting.
	 * @return the value
	 */
	public boolean isConfirmDelivery() {
		return this.confirmDelivery;
	}

	/**
	 * Set the {@code confirmDelivery} setting.
	 * @param confirmDelivery the value
	 */
	public void setConfirmDelivery(boolean confirmDelivery) {
		this.confirmDelivery = confirmDelivery;
	}

	/**
	 * Return the {@code deadMessageTtl} setting.
	 * @return the value
	 */
	public Duration getDeadMessageTtl() {
		return this.deadMessageTtl;
	}

	/**
	 * Set the {@code deadMessageTtl} setting.
	 * @param deadMessageTtl the value
	 */
	public void setDeadMessageTtl(Duration deadMessageTtl) {
		this.deadMessageTtl = deadMessageTtl;
	}

	/**
	 * Return the {@code confirmTimeout} setting.
	 * @return the value
	 */
	public Duration getConfirmTimeout() {
		return this.confirmTimeout;
	}

	/**
	 * Set the {@code confirmTimeout} setting.
	 * @param confirmTimeout the value
	 */
	public void setConfirmTimeout(Duration confirmTimeout) {
		this.confirmTimeout = confirmTimeout;
	}

	/**
	 * Return the {@code queueType} setting.
	 * @return the value
	 */
	public RabbitmqQueueType getQueueType() {
		return this.queueType;
	}

	/**
	 * Set the {@code queueType} setting.
	 * @param queueType the value
	 */
	public void setQueueType(RabbitmqQueueType queueType) {
		this.queueType = queueType;
	}

	/**
	 * Return the broker options these properties describe.
	 * @return the options
	 * @throws DramatiqPropertyException naming the property when a value is out of range
	 */
	public RabbitmqBrokerOptions toOptions() {
		if (this.maxPriority != null && (this.maxPriority < 1 || this.maxPriority > 255)) {
			throw new DramatiqPropertyException(PREFIX + "max-priority", this.maxPriority,
					"Property '" + PREFIX + "max-priority' must be between 1 and 255 but was " + this.maxPriority + ".",
					"Set '" + PREFIX + "max-priority' to a value from 1 to 255, the same as Python's max_priority,"
							+ " or remove it to declare queues without priorities.");
		}
		Duration ttl = (this.deadMessageTtl != null) ? this.deadMessageTtl
				: RabbitmqBrokerOptions.deadMessageTtlFromEnvironment();
		if (ttl.isNegative() || ttl.toMillis() > Integer.MAX_VALUE) {
			throw new DramatiqPropertyException(PREFIX + "dead-message-ttl", ttl,
					"Property '" + PREFIX + "dead-message-ttl' must be between 0 and " + Integer.MAX_VALUE
							+ " ms but was " + ttl.toMillis() + " ms.",
					"Set '" + PREFIX + "dead-message-ttl' to the dead_message_ttl of your Python workers (7d by"
							+ " default).");
		}
		if (this.confirmTimeout == null || this.confirmTimeout.isNegative() || this.confirmTimeout.isZero()) {
			throw new DramatiqPropertyException(PREFIX + "confirm-timeout", this.confirmTimeout,
					"Property '" + PREFIX + "confirm-timeout' must be positive but was " + this.confirmTimeout + ".",
					"Set '" + PREFIX + "confirm-timeout' to a positive duration such as 30s.");
		}
		if (this.queueType == RabbitmqQueueType.QUORUM && this.maxPriority != null) {
			throw new DramatiqPropertyException(PREFIX + "max-priority", this.maxPriority,
					"Property '" + PREFIX + "max-priority' (" + this.maxPriority + ") cannot be used with '" + PREFIX
							+ "queue-type=quorum': RabbitMQ quorum queues have no priorities.",
					"Remove '" + PREFIX + "max-priority', or set '" + PREFIX + "queue-type' to classic.");
		}
		return new RabbitmqBrokerOptions(this.maxPriority, this.confirmDelivery, ttl, this.confirmTimeout,
				this.queueType);
	}

}
