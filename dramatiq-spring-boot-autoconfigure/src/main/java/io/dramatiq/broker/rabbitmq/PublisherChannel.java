package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * A publishing channel, in publisher-confirm mode when confirms are on. Confirms are
 * handled asynchronously: each publish registers a future under its sequence number, and
 * RabbitMQ's acks (often one ack for many messages) complete them on the connection's
 * thread. So several threads can publish on the channel one after the other without
 * waiting for each other's confirms, and a burst of publishes is confirmed in batches.
 * <p>
 * Publishes are {@code mandatory} with confirms, as in Python: RabbitMQ returns a message
 * no queue took before it acks it, and the publish then fails as unroutable. A return
 * carries no sequence number, so it is matched to the oldest pending publish with the
 * same routing key and body (identical messages are interchangeable).
 */
final class PublisherChannel {

	private final Channel channel;

	private final boolean confirms;

	private final ConcurrentNavigableMap<Long, Pending> pending = new ConcurrentSkipListMap<>();

	// only used on the connection's thread, which calls the listeners one at a time
	private long lastReturned;

	PublisherChannel(Channel channel, boolean confirms) throws IOException {
		this.channel = channel;
		this.confirms = confirms;
		if (confirms) {
			channel.confirmSelect();
			channel.addConfirmListener((tag, multiple) -> settle(tag, multiple, true),
					(tag, multiple) -> settle(tag, multiple, false));
			channel.addReturnListener((returned) -> returned(returned.getRoutingKey(), returned.getBody()));
			channel.addShutdownListener(this::shutdown);
		}
	}

	Channel channel() {
		return this.channel;
	}

	boolean isOpen() {
		return this.channel.isOpen();
	}

	/**
	 * Publish a message to a queue through the default exchange. The caller must hold the
	 * channel alone while it publishes.
	 * @param queueName the routing key
	 * @param properties the properties
	 * @param body the body
	 * @return a future completed by the confirm, or {@code null} without confirms
	 * @throws IOException if the channel broke
	 */
	CompletableFuture<Void> publish(String queueName, AMQP.BasicProperties properties, byte[] body) throws IOException {
		if (!this.confirms) {
			this.channel.basicPublish("", queueName, false, properties, body);
			return null;
		}
		long sequence = this.channel.getNextPublishSeqNo();
		Pending entry = new Pending(queueName, body);
		this.pending.put(sequence, entry);
		try {
			this.channel.basicPublish("", queueName, true, properties, body);
		}
		catch (IOException | RuntimeException ex) {
			this.pending.remove(sequence);
			throw ex;
		}
		return entry.future;
	}

	private void settle(long tag, boolean multiple, boolean ack) {
		if (multiple) {
			Iterator<Pending> settled = this.pending.headMap(tag, true).values().iterator();
			while (settled.hasNext()) {
				settle(settled.next(), ack);
				settled.remove();
			}
		}
		else {
			Pending entry = this.pending.remove(tag);
			if (entry != null) {
				settle(entry, ack);
			}
		}
	}

	private static void settle(Pending entry, boolean ack) {
		if (!ack) {
			entry.future.completeExceptionally(new NackedException(entry.queueName));
		}
		else if (entry.returned) {
			entry.future.completeExceptionally(new UnroutableException(entry.queueName));
		}
		else {
			entry.future.complete(null);
		}
	}

	private void returned(String routingKey, byte[] body) {
		// returns come in publish order: start after the last matched one
		for (Map.Entry<Long, Pending> entry : this.pending.tailMap(this.lastReturned, false).entrySet()) {
			Pending candidate = entry.getValue();
			if (!candidate.returned && candidate.queueName.equals(routingKey) && Arrays.equals(candidate.body, body)) {
				candidate.returned = true;
				this.lastReturned = entry.getKey();
				return;
			}
		}
	}

	private void shutdown(ShutdownSignalException cause) {
		Iterator<Pending> failed = this.pending.values().iterator();
		while (failed.hasNext()) {
			failed.next().future.completeExceptionally(cause);
			failed.remove();
		}
	}

	/**
	 * Close the channel without waiting for RabbitMQ, unless it is closed already: the
	 * client tells its shutdown listeners again of every abort, and its metrics collector
	 * logs an error when a channel is reported closed after its connection.
	 */
	void abort() {
		if (!this.channel.isOpen()) {
			return;
		}
		try {
			this.channel.abort();
		}
		catch (IOException | RuntimeException ex) {
			// already closed
		}
	}

	private static final class Pending {

		final String queueName;

		final byte[] body;

		final CompletableFuture<Void> future = new CompletableFuture<>();

		volatile boolean returned;

		Pending(String queueName, byte[] body) {
			this.queueName = queueName;
			this.body = body;
		}

	}

	/**
	 * RabbitMQ returned the message: no queue of that name exists.
	 */
	static final class UnroutableException extends IOException {

		UnroutableException(String queueName) {
			super("RabbitMQ returned a message for queue '" + queueName + "': the queue does not exist.");
		}

	}

	/**
	 * RabbitMQ refused the message with a negative confirm.
	 */
	static final class NackedException extends IOException {

		NackedException(String queueName) {
			super("RabbitMQ did not accept a message for queue '" + queueName + "' (negative publisher confirm).");
		}

	}

}
