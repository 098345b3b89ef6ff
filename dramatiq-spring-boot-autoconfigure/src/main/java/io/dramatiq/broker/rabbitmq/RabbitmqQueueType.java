package io.dramatiq.broker.rabbitmq;

/**
 * The kind of RabbitMQ queue a {@link RabbitmqBroker} declares for {@code Q},
 * {@code Q.DQ} and {@code Q.XQ}.
 */
public enum RabbitmqQueueType {

	/**
	 * Classic queues, as Python Dramatiq declares them: no {@code x-queue-type} argument.
	 * A classic queue lives on one cluster node and is unavailable while that node is
	 * down. The only choice for queues shared with Python workers or producers.
	 */
	CLASSIC,

	/**
	 * Quorum queues ({@code x-queue-type: quorum}): replicated over the cluster's nodes,
	 * they stay available while a majority of them runs. Python Dramatiq cannot declare
	 * them, so only for queues that Java alone produces to and consumes from. They have
	 * no priorities.
	 */
	QUORUM;

	/**
	 * Return the {@code x-queue-type} argument this type is declared with.
	 * @return the argument's value, or {@code null} for classic queues, which Python
	 * declares without it
	 */
	String argument() {
		return (this == QUORUM) ? "quorum" : null;
	}

}
