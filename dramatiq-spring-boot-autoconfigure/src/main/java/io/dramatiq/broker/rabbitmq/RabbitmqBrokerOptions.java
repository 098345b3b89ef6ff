package io.dramatiq.broker.rabbitmq;

import java.time.Duration;

/**
 * Settings of a {@link RabbitmqBroker}. Every producer and worker of a queue, Python or
 * Java, must use the same {@code maxPriority} and {@code deadMessageTtl}: they are queue
 * arguments, and RabbitMQ refuses to declare a queue again with other arguments.
 *
 * @param maxPriority the {@code x-max-priority} of queues and delay queues (1 to 255), or
 * {@code null} for none (Python's {@code max_priority}, unset by default)
 * @param confirmDelivery whether each publish waits for RabbitMQ's publisher confirm and
 * is retried when the message was not routed (Python's {@code confirm_delivery}; on by
 * default here, off in Python)
 * @param deadMessageTtl how long dead-lettered messages stay in {@code Q.XQ}: its
 * {@code x-message-ttl} (7 days, or the environment variable
 * {@code dramatiq_dead_message_ttl} in milliseconds, as in Python)
 * @param confirmTimeout how long a publish waits for its confirm before the attempt
 * counts as failed and is retried
 * @param queueType the type of the queues declared: {@link RabbitmqQueueType#CLASSIC}
 * (Python's, the default) or {@link RabbitmqQueueType#QUORUM}, which has no priorities
 */
public record RabbitmqBrokerOptions(Integer maxPriority, boolean confirmDelivery, Duration deadMessageTtl,
		Duration confirmTimeout, RabbitmqQueueType queueType) {

	/** Python Dramatiq's default dead-letter TTL: 7 days. */
	public static final Duration DEFAULT_DEAD_MESSAGE_TTL = Duration.ofMillis(86400000L * 7);

	/** Environment variable Python Dramatiq reads the dead-letter TTL from. */
	public static final String DEAD_MESSAGE_TTL_ENV = "dramatiq_dead_message_ttl";

	/** Default time to wait for a publisher confirm. */
	public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Check the components and apply defaults.
	 * @param maxPriority the {@code x-max-priority} of queues and delay queues (1 to
	 * 255), or
	 * @param confirmDelivery whether each publish waits for RabbitMQ's publisher confirm
	 * and
	 * @param deadMessageTtl how long dead-lettered messages stay in {@code Q.XQ}: its
	 * @param confirmTimeout how long a publish waits for its confirm before the attempt
	 * @param queueType the type of the queues declared, classic when {@code null}
	 */
	public RabbitmqBrokerOptions {
		if (maxPriority != null && (maxPriority < 1 || maxPriority > 255)) {
			throw new IllegalArgumentException(
					"RabbitMQ max priority must be between 1 and 255 but was " + maxPriority + ".");
		}
		if (deadMessageTtl == null || deadMessageTtl.isNegative() || deadMessageTtl.toMillis() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("RabbitMQ dead message TTL must be between 0 and " + Integer.MAX_VALUE
					+ " ms but was " + ((deadMessageTtl != null) ? deadMessageTtl.toMillis() + " ms" : "null") + ".");
		}
		if (confirmTimeout == null || confirmTimeout.isNegative() || confirmTimeout.isZero()) {
			throw new IllegalArgumentException(
					"RabbitMQ confirm timeout must be positive but was " + confirmTimeout + ".");
		}
		if (queueType == null) {
			queueType = RabbitmqQueueType.CLASSIC;
		}
		if (queueType == RabbitmqQueueType.QUORUM && maxPriority != null) {
			throw new IllegalArgumentException("RabbitMQ quorum queues have no priorities: remove the max priority ("
					+ maxPriority + ") or use classic queues.");
		}
	}

	/**
	 * Create options for classic queues, as Python Dramatiq declares them.
	 * @param maxPriority the {@code x-max-priority} of queues and delay queues (1 to
	 * 255), or {@code null} for none
	 * @param confirmDelivery whether each publish waits for RabbitMQ's publisher confirm
	 * @param deadMessageTtl how long dead-lettered messages stay in {@code Q.XQ}
	 * @param confirmTimeout how long a publish waits for its confirm
	 */
	public RabbitmqBrokerOptions(Integer maxPriority, boolean confirmDelivery, Duration deadMessageTtl,
			Duration confirmTimeout) {
		this(maxPriority, confirmDelivery, deadMessageTtl, confirmTimeout, RabbitmqQueueType.CLASSIC);
	}

	/**
	 * Return the defaults: no max priority, publisher confirms on, the dead-letter TTL of
	 * {@code dramatiq_dead_message_ttl} or 7 days.
	 * @return the default options
	 */
	public static RabbitmqBrokerOptions defaults() {
		return new RabbitmqBrokerOptions(null, true, deadMessageTtlFromEnvironment(), DEFAULT_CONFIRM_TIMEOUT);
	}

	/**
	 * Return the dead-letter TTL Python Dramatiq would use in this environment.
	 * @return {@code dramatiq_dead_message_ttl} in milliseconds, or 7 days
	 */
	public static Duration deadMessageTtlFromEnvironment() {
		String value = System.getenv(DEAD_MESSAGE_TTL_ENV);
		if (value == null || value.isBlank()) {
			return DEFAULT_DEAD_MESSAGE_TTL;
		}
		try {
			return Duration.ofMillis(Long.parseLong(value.trim()));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Environment variable '" + DEAD_MESSAGE_TTL_ENV
					+ "' must be a whole number of milliseconds but was '" + value + "'.", ex);
		}
	}

	/**
	 * Return a copy with another {@code maxPriority}.
	 * @param maxPriority the new value
	 * @return the copy
	 */
	public RabbitmqBrokerOptions withMaxPriority(Integer maxPriority) {
		return new RabbitmqBrokerOptions(maxPriority, this.confirmDelivery, this.deadMessageTtl, this.confirmTimeout,
				this.queueType);
	}

	/**
	 * Return a copy with another {@code confirmDelivery}.
	 * @param confirmDelivery the new value
	 * @return the copy
	 */
	public RabbitmqBrokerOptions withConfirmDelivery(boolean confirmDelivery) {
		return new RabbitmqBrokerOptions(this.maxPriority, confirmDelivery, this.deadMessageTtl, this.confirmTimeout,
				this.queueType);
	}

	/**
	 * Return a copy with another {@code deadMessageTtl}.
	 * @param deadMessageTtl the new value
	 * @return the copy
	 */
	public RabbitmqBrokerOptions withDeadMessageTtl(Duration deadMessageTtl) {
		return new RabbitmqBrokerOptions(this.maxPriority, this.confirmDelivery, deadMessageTtl, this.confirmTimeout,
				this.queueType);
	}

	/**
	 * Return a copy with another {@code confirmTimeout}.
	 * @param confirmTimeout the new value
	 * @return the copy
	 */
	public RabbitmqBrokerOptions withConfirmTimeout(Duration confirmTimeout) {
		return new RabbitmqBrokerOptions(this.maxPriority, this.confirmDelivery, this.deadMessageTtl, confirmTimeout,
				this.queueType);
	}

	/**
	 * Return a copy with another {@code queueType}.
	 * @param queueType the new value
	 * @return the copy
	 */
	public RabbitmqBrokerOptions withQueueType(RabbitmqQueueType queueType) {
		return new RabbitmqBrokerOptions(this.maxPriority, this.confirmDelivery, this.deadMessageTtl,
				this.confirmTimeout, queueType);
	}

}
