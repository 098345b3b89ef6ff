package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes messages and runs queue-management commands on a pool of channels of the
 * publisher connection. A thread takes a channel, publishes, gives the channel back and
 * only then waits for its confirm, so concurrent publishers share few channels and their
 * confirms arrive in batches; no channel is created per message.
 * <p>
 * As in Python Dramatiq, a publish is attempted up to 6 times: after a connection or
 * channel failure (on a fresh channel, after a short back-off, which also lets Spring
 * re-open the connection) and after RabbitMQ returned the message as unroutable (after
 * declaring the queue again, since it was deleted).
 */
final class RabbitmqPublisher {

	/** Python Dramatiq's number of publish attempts. */
	static final int PUBLISH_ATTEMPTS = 6;

	private static final Logger logger = LoggerFactory.getLogger(RabbitmqPublisher.class);

	private static final long FIRST_BACKOFF_MILLIS = 100;

	private static final long MAX_BACKOFF_MILLIS = 2000;

	private final RabbitmqConnections connections;

	private final RabbitmqTopology topology;

	private final boolean confirms;

	private final long confirmTimeoutMillis;

	private final Deque<PublisherChannel> idle = new ConcurrentLinkedDeque<>();

	private volatile boolean closed;

	RabbitmqPublisher(RabbitmqConnections connections, RabbitmqTopology topology, RabbitmqBrokerOptions options) {
		this.connections = connections;
		this.topology = topology;
		this.confirms = options.confirmDelivery();
		this.confirmTimeoutMillis = options.confirmTimeout().toMillis();
	}

	/**
	 * Publish a body to a queue, declaring the queue's topology first if needed, and wait
	 * for the confirm when confirms are on.
	 * @param message the message to publish
	 * @throws ConnectionException if every attempt failed
	 * @throws QueueArgumentsMismatchException if the queue exists with other arguments
	 */
	void publish(Outgoing message) {
		publishAll(List.of(message));
	}

	/**
	 * Publish several bodies one after the other on one channel, then wait for all their
	 * confirms together: RabbitMQ confirms them in batches, so one thread reaches the
	 * throughput of many. The messages that failed are published again, up to
	 * {@value #PUBLISH_ATTEMPTS} attempts in all.
	 * @param messages the messages to publish
	 * @throws ConnectionException if some message could not be published in every attempt
	 * @throws QueueArgumentsMismatchException if a queue exists with other arguments
	 */
	void publishAll(List<Outgoing> messages) {
		List<Outgoing> remaining = messages;
		Exception lastFailure = null;
		for (int attempt = 1; attempt <= PUBLISH_ATTEMPTS; attempt++) {
			if (lastFailure != null && !(lastFailure instanceof PublisherChannel.UnroutableException)) {
				pause(attempt);
			}
			Attempt result = attempt(remaining);
			if (result.failed().isEmpty()) {
				return;
			}
			remaining = result.failed();
			lastFailure = result.cause();
			logger.debug("Publish attempt {} of {} failed for {} messages; retrying.", attempt, PUBLISH_ATTEMPTS,
					remaining.size(), lastFailure);
		}
		throw new ConnectionException("Could not publish " + remaining.size() + " message(s) to queue '"
				+ remaining.get(0).queueName() + "' on RabbitMQ at " + this.connections.address() + " after "
				+ PUBLISH_ATTEMPTS + " attempts.", lastFailure);
	}

	private Attempt attempt(List<Outgoing> messages) {
		PublisherChannel channel;
		try {
			channel = borrow();
		}
		catch (ConnectionException ex) {
			return new Attempt(messages, ex);
		}
		List<CompletableFuture<Void>> confirms = new ArrayList<>(messages.size());
		Exception failure = null;
		try {
			for (Outgoing message : messages) {
				this.topology.declare(channel.channel(), message.queueName());
				confirms.add(channel.publish(message.queueName(), message.properties(), message.body()));
			}
		}
		catch (IOException | ShutdownSignalException ex) {
			failure = ex;
		}
		finally {
			release(channel);
		}
		List<Outgoing> failed = new ArrayList<>();
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.confirmTimeoutMillis);
		for (int i = 0; i < messages.size(); i++) {
			Outgoing message = messages.get(i);
			if (i >= confirms.size()) {
				// not published: the channel broke before
				failed.add(message);
				continue;
			}
			CompletableFuture<Void> confirm = confirms.get(i);
			if (confirm == null) {
				continue;
			}
			try {
				awaitConfirm(confirm, channel, deadline);
			}
			catch (PublisherChannel.UnroutableException ex) {
				// the queue was deleted behind our back: declare it again, as Python 2.2
				this.topology.markPending(message.queueName());
				failed.add(message);
				failure = (failure != null) ? failure : ex;
			}
			catch (IOException | ShutdownSignalException | TimeoutException ex) {
				failed.add(message);
				failure = ex;
			}
		}
		return new Attempt(failed, failure);
	}

	private void awaitConfirm(CompletableFuture<Void> confirm, PublisherChannel channel, long deadline)
			throws IOException, TimeoutException {
		try {
			confirm.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			if (ex.getCause() instanceof ShutdownSignalException signal) {
				throw signal;
			}
			throw new BrokerException("Unexpected failure while waiting for a publisher confirm.", ex.getCause());
		}
		catch (TimeoutException ex) {
			// a channel that does not confirm is stuck: close it, which fails its other
			// pending confirms at once and makes their publishers retry on a fresh one
			channel.abort();
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ConnectionException("Interrupted while waiting for RabbitMQ to confirm a message.", ex);
		}
	}

	private void pause(int attempt) {
		long millis = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.max(0, attempt - 2));
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ConnectionException("Interrupted while retrying a publish to RabbitMQ.", ex);
		}
	}

	/**
	 * Run a queue-management command on a pooled channel, retried once on a fresh channel
	 * when the connection broke. A channel error (a missing queue, a failed precondition)
	 * is not retried: RabbitMQ closes the channel and the callback sees the exception.
	 * @param callback the command
	 * @param <T> the result type
	 * @return the command's result
	 * @throws ConnectionException if RabbitMQ cannot be reached
	 */
	<T> T execute(ChannelCallback<T> callback) {
		Exception lastFailure = null;
		for (int attempt = 1; attempt <= 2; attempt++) {
			PublisherChannel channel = borrow();
			try {
				T result = callback.doInChannel(channel.channel());
				release(channel);
				return result;
			}
			catch (IOException | ShutdownSignalException ex) {
				discard(channel);
				if (RabbitmqErrors.replyCode(ex) != 0 && !RabbitmqErrors.isConnectionClose(ex)) {
					throw new BrokerException("RabbitMQ refused a command: " + RabbitmqErrors.replyText(ex), ex);
				}
				lastFailure = ex;
			}
			catch (RuntimeException ex) {
				release(channel);
				throw ex;
			}
		}
		throw new ConnectionException("Lost the connection to RabbitMQ at " + this.connections.address() + ".",
				lastFailure);
	}

	private PublisherChannel borrow() {
		if (this.closed) {
			throw new BrokerException("The RabbitMQ broker is closed.");
		}
		PublisherChannel channel;
		while ((channel = this.idle.pollFirst()) != null) {
			if (channel.isOpen()) {
				return channel;
			}
			channel.abort();
		}
		Channel created = this.connections.createPublisherChannel();
		try {
			return new PublisherChannel(created, this.confirms);
		}
		catch (IOException ex) {
			throw new ConnectionException("Could not put a RabbitMQ channel in confirm mode.", ex);
		}
	}

	private void release(PublisherChannel channel) {
		if (!channel.isOpen()) {
			channel.abort();
		}
		else {
			// last in, first out: the channels in use stay few and warm
			this.idle.offerFirst(channel);
			if (this.closed) {
				closeIdleChannels();
			}
		}
	}

	private void discard(PublisherChannel channel) {
		channel.abort();
	}

	/**
	 * Close the pooled channels. Publishing fails afterwards.
	 */
	void close() {
		this.closed = true;
		closeIdleChannels();
	}

	private void closeIdleChannels() {
		PublisherChannel channel;
		while ((channel = this.idle.pollFirst()) != null) {
			if (!channel.isOpen()) {
				// closed with its connection, such as by Spring's connection factory,
				// which stops before the broker is closed
				continue;
			}
			try {
				channel.channel().close();
			}
			catch (IOException | TimeoutException | ShutdownSignalException ex) {
				channel.abort();
			}
		}
	}

	/**
	 * A message to publish to a queue through the default exchange.
	 *
	 * @param queueName the queue, which is the routing key
	 * @param properties the properties
	 * @param body the body
	 */
	record Outgoing(String queueName, AMQP.BasicProperties properties, byte[] body) {
	}

	private record Attempt(List<Outgoing> failed, Exception cause) {
	}

	/**
	 * A command run on a channel.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface ChannelCallback<T> {

		T doInChannel(Channel channel) throws IOException;

	}

}
