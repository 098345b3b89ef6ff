package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.DeadLetterQueues;
import io.dramatiq.message.Message;
import io.dramatiq.message.QueueNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dead-letter queues {@code Q.XQ} of a {@link RabbitmqBroker}. RabbitMQ has no way to
 * read a queue without taking its messages, so every operation takes messages with
 * {@code basic.get} on a channel of its own, without acking them: listing gives them all
 * back by closing the channel, and requeueing acks the requeued ones (after RabbitMQ
 * confirmed them on {@code Q}) and gives the others back the same way. While an operation
 * runs, the messages it holds are not in {@code Q.XQ}; given back, they keep their order
 * among themselves, but messages dead-lettered in the meantime may come before them, and
 * RabbitMQ marks them redelivered.
 */
final class RabbitmqDeadLetterQueues implements DeadLetterQueues {

	private static final Logger logger = LoggerFactory.getLogger(RabbitmqDeadLetterQueues.class);

	private final RabbitmqBroker broker;

	private final RabbitmqConnections connections;

	RabbitmqDeadLetterQueues(RabbitmqBroker broker, RabbitmqConnections connections) {
		this.broker = broker;
		this.connections = connections;
	}

	@Override
	public List<Message> list(String queueName, int offset, int limit) {
		String deadQueue = deadQueue(queueName);
		return withChannel((channel) -> {
			List<Message> messages = new ArrayList<>();
			long wanted = (long) Math.max(0, offset) + Math.max(0, limit);
			long taken = 0;
			GetResponse response;
			while (taken < wanted && (response = channel.basicGet(deadQueue, false)) != null) {
				if (taken++ >= offset) {
					Message message = decode(deadQueue, response);
					if (message != null) {
						messages.add(message);
					}
				}
			}
			return messages;
		});
	}

	@Override
	public boolean requeue(String queueName, String messageId) {
		return requeue(queueName, (message) -> message.messageId().equals(messageId), true) > 0;
	}

	@Override
	public int requeueAll(String queueName) {
		return requeue(queueName, (message) -> true, false);
	}

	private int requeue(String queueName, Predicate<Message> selected, boolean first) {
		String deadQueue = deadQueue(queueName);
		return withChannel((channel) -> {
			// only the messages there now: a requeued one may fail and come back
			long present = channel.queueDeclarePassive(deadQueue).getMessageCount();
			int requeued = 0;
			GetResponse response;
			for (long i = 0; i < present && (response = channel.basicGet(deadQueue, false)) != null; i++) {
				Message message = decode(deadQueue, response);
				if (message != null && selected.test(message)) {
					this.broker.enqueue(DeadLetterQueues.revive(message));
					channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
					requeued++;
					if (first) {
						break;
					}
				}
			}
			return requeued;
		});
	}

	@Override
	public int purge(String queueName) {
		String deadQueue = deadQueue(queueName);
		return withChannel((channel) -> channel.queuePurge(deadQueue).getMessageCount());
	}

	private String deadQueue(String queueName) {
		String canonical = QueueNames.canonical(queueName);
		this.broker.declareQueues(canonical);
		return QueueNames.dead(canonical);
	}

	private Message decode(String deadQueue, GetResponse response) {
		try {
			return this.broker.encoder().decode(response.getBody());
		}
		catch (RuntimeException ex) {
			logger.warn("Skipped an undecodable message in '{}'.", deadQueue, ex);
			return null;
		}
	}

	private <T> T withChannel(RabbitmqPublisher.ChannelCallback<T> callback) {
		Channel channel = this.connections.createPublisherChannel();
		try {
			return callback.doInChannel(channel);
		}
		catch (IOException | ShutdownSignalException ex) {
			throw new BrokerException("RabbitMQ refused a dead-letter queue command: " + RabbitmqErrors.replyText(ex),
					ex);
		}
		finally {
			// gives back every message taken and not acked
			try {
				if (channel.isOpen()) {
					channel.close();
				}
			}
			catch (IOException | TimeoutException | ShutdownSignalException ex) {
				logger.debug("Failed to close a dead-letter queue channel; RabbitMQ gives its messages back anyway.",
						ex);
			}
		}
	}

}
