package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.rabbitmq.client.Channel;
import io.dramatiq.message.QueueNames;

/**
 * The queues of Python Dramatiq's RabbitMQ topology
 * ({@code dramatiq/brokers/rabbitmq.py}, spec §3.1): for each canonical queue {@code Q},
 * the durable classic queues {@code Q}, {@code Q.DQ} and {@code Q.XQ} on the default
 * exchange. {@code Q} and {@code Q.DQ} dead-letter to {@code Q.XQ}; {@code Q.XQ} expires
 * its messages. With {@link RabbitmqQueueType#QUORUM} the same three queues are quorum
 * queues, with the same arguments plus {@code x-queue-type}.
 * <p>
 * Declaration is lazy, as in Python: the three queues are declared together the first
 * time a queue is published to or consumed from, and again after RabbitMQ reported the
 * queue missing.
 */
final class RabbitmqTopology {

	static final String DEAD_LETTER_EXCHANGE = "x-dead-letter-exchange";

	static final String DEAD_LETTER_ROUTING_KEY = "x-dead-letter-routing-key";

	static final String MAX_PRIORITY = "x-max-priority";

	static final String MESSAGE_TTL = "x-message-ttl";

	static final String QUEUE_TYPE = "x-queue-type";

	private final RabbitmqBrokerOptions options;

	private final Set<String> declared = ConcurrentHashMap.newKeySet();

	RabbitmqTopology(RabbitmqBrokerOptions options) {
		this.options = options;
	}

	/**
	 * Return the arguments of {@code Q} and {@code Q.DQ}: for classic queues exactly
	 * those Python declares, in its order, with integers as 32-bit values as Python sends
	 * them.
	 * @param queueName a queue name
	 * @return the arguments
	 */
	Map<String, Object> queueArguments(String queueName) {
		Map<String, Object> arguments = typed();
		arguments.put(DEAD_LETTER_EXCHANGE, "");
		arguments.put(DEAD_LETTER_ROUTING_KEY, QueueNames.dead(queueName));
		if (this.options.maxPriority() != null) {
			arguments.put(MAX_PRIORITY, this.options.maxPriority());
		}
		return Collections.unmodifiableMap(arguments);
	}

	/**
	 * Return the arguments of {@code Q.XQ}.
	 * @return the arguments
	 */
	Map<String, Object> deadLetterArguments() {
		Map<String, Object> arguments = typed();
		arguments.put(MESSAGE_TTL, (int) this.options.deadMessageTtl().toMillis());
		return Collections.unmodifiableMap(arguments);
	}

	private Map<String, Object> typed() {
		Map<String, Object> arguments = new LinkedHashMap<>();
		String type = this.options.queueType().argument();
		if (type != null) {
			arguments.put(QUEUE_TYPE, type);
		}
		return arguments;
	}

	/**
	 * Declare the three queues of a canonical queue unless they were declared already.
	 * @param channel the channel to declare on; it is closed by RabbitMQ when a
	 * declaration fails
	 * @param queueName a queue name ({@code Q} or {@code Q.DQ})
	 * @throws IOException if the channel or connection broke
	 * @throws QueueArgumentsMismatchException if a queue exists with other arguments
	 */
	void declare(Channel channel, String queueName) throws IOException {
		String canonical = QueueNames.canonical(queueName);
		if (this.declared.contains(canonical)) {
			return;
		}
		// Python's order: Q, Q.DQ, Q.XQ
		Map<String, Object> arguments = queueArguments(canonical);
		declare(channel, canonical, arguments);
		declare(channel, QueueNames.delay(canonical), arguments);
		declare(channel, QueueNames.dead(canonical), deadLetterArguments());
		this.declared.add(canonical);
	}

	private void declare(Channel channel, String name, Map<String, Object> arguments) throws IOException {
		try {
			channel.queueDeclare(name, true, false, false, arguments);
		}
		catch (IOException ex) {
			if (RabbitmqErrors.replyCode(ex) == RabbitmqErrors.PRECONDITION_FAILED) {
				throw new QueueArgumentsMismatchException(name, arguments, RabbitmqErrors.replyText(ex), ex);
			}
			throw ex;
		}
	}

	/**
	 * Forget that a canonical queue was declared, so the next publish or consume declares
	 * it again (Python 2.2's missing-queue recovery).
	 * @param queueName a queue name
	 */
	void markPending(String queueName) {
		this.declared.remove(QueueNames.canonical(queueName));
	}

}
