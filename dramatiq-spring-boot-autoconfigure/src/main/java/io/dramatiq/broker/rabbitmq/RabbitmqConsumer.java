package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.MessageProperties;
import com.rabbitmq.client.ShutdownSignalException;
import io.dramatiq.broker.ConnectionException;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.Delivery;
import io.dramatiq.message.DecodeException;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.message.QueueNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one queue on a connection of its own, as Python Dramatiq's RabbitMQ consumer
 * (spec §3.4): {@code basic.qos} with the worker's prefetch for this consumer only, then
 * {@code basic.consume} with manual acks. The client puts deliveries in a local buffer
 * that {@link #next(long)} polls, so at most {@code prefetch} messages are outstanding;
 * on a connection of its own, it does so on the thread that read them from the socket
 * ({@link CallerRunsExecutor}).
 * <p>
 * Acks and nacks, from any worker thread, go to the channel the message came on, through
 * {@link RabbitmqAcks}: acks of messages that finish together are written together, never
 * covering a message still running. When the connection dies, {@link #next(long)} throws
 * {@link ConnectionException} (the worker then restarts the consumer), buffered
 * deliveries are dropped and acks of earlier deliveries fail (in whichever worker thread
 * writes them): RabbitMQ delivers all of them again, so nothing is lost and nothing is
 * acked before its actor finished. Closing the consumer closes its connection, which
 * gives every unacked delivery back to RabbitMQ; so {@link #requeue} has nothing to do,
 * as in Python.
 */
final class RabbitmqConsumer implements Consumer {

	private static final Logger logger = LoggerFactory.getLogger(RabbitmqConsumer.class);

	private static final int CLOSE_TIMEOUT_MILLIS = 5000;

	private static final Object WAKE_UP = new Object();

	private final String queueName;

	private final MessageEncoder encoder;

	private final long timeoutMillis;

	private final Connection connection;

	private final boolean ownsConnection;

	private final BlockingQueue<Object> buffer = new LinkedBlockingQueue<>();

	private final Set<RabbitmqConsumer> openConsumers;

	private volatile Channel channel;

	private volatile String failure;

	private volatile boolean closing;

	RabbitmqConsumer(String queueName, MessageEncoder encoder, long timeoutMillis, Connection connection,
			boolean ownsConnection, Set<RabbitmqConsumer> openConsumers) {
		this.queueName = queueName;
		this.encoder = encoder;
		this.timeoutMillis = timeoutMillis;
		this.connection = connection;
		this.ownsConnection = ownsConnection;
		this.openConsumers = openConsumers;
		openConsumers.add(this);
	}

	/**
	 * Open a channel, declare the queue's topology if needed and start consuming.
	 * @param topology the topology
	 * @param prefetch the prefetch count
	 * @throws ConnectionException if RabbitMQ could not be reached, or the queue is
	 * missing twice in a row
	 */
	void start(RabbitmqTopology topology, int prefetch) {
		Exception lastFailure = null;
		for (int attempt = 1; attempt <= 2; attempt++) {
			try {
				Channel opened = this.connection.createChannel();
				if (opened == null) {
					throw new ConnectionException("Could not consume queue '" + this.queueName
							+ "': its connection has as many channels as RabbitMQ allows.");
				}
				this.channel = opened;
				topology.declare(opened, this.queueName);
				// per consumer, not per channel or connection (global = false), as Python
				opened.basicQos(prefetch, false);
				opened.basicConsume(this.queueName, false, new BufferingConsumer(opened, topology));
				return;
			}
			catch (IOException | ShutdownSignalException ex) {
				lastFailure = ex;
				if (RabbitmqErrors.replyCode(ex) != RabbitmqErrors.NOT_FOUND) {
					break;
				}
				// the queue was deleted behind our back: declare it again, as Python 2.2
				topology.markPending(this.queueName);
			}
		}
		throw new ConnectionException(
				"Could not consume queue '" + this.queueName + "': " + RabbitmqErrors.replyText(lastFailure) + ".",
				lastFailure);
	}

	@Override
	public Delivery next(long maxWaitMillis) throws InterruptedException {
		checkAlive();
		// deliveries are pushed into the local buffer: a shorter wait asks RabbitMQ for
		// nothing
		Object received = this.buffer.poll(Math.max(0, Math.min(this.timeoutMillis, maxWaitMillis)),
				TimeUnit.MILLISECONDS);
		// deliveries buffered before the channel died cannot be acked any more: RabbitMQ
		// delivers them again, so running them here would only run them twice
		checkAlive();
		if (received instanceof Received delivery) {
			return decode(delivery);
		}
		return null;
	}

	private void checkAlive() {
		String reason = this.failure;
		if (reason != null) {
			throw new ConnectionException("Consumer of queue '" + this.queueName + "' stopped: " + reason);
		}
	}

	private RabbitmqDelivery decode(Received received) {
		Message message;
		try {
			message = this.encoder.decode(received.body);
		}
		catch (RuntimeException ex) {
			DecodeException error = (ex instanceof DecodeException decodeError) ? decodeError
					: new DecodeException("Could not decode a message body: " + ex.getMessage(), ex);
			return new RabbitmqDelivery(this.queueName, received.body, error, received.acks, received.tag,
					received.redelivered, received.properties);
		}
		return new RabbitmqDelivery(this.queueName, received.body, message, received.acks, received.tag,
				received.redelivered, received.properties);
	}

	@Override
	public void ack(Delivery delivery) {
		RabbitmqDelivery rabbitmqDelivery = cast(delivery);
		try {
			rabbitmqDelivery.acks().ack(rabbitmqDelivery.deliveryTag());
		}
		catch (IOException | ShutdownSignalException ex) {
			throw lostDelivery("ack", rabbitmqDelivery, ex);
		}
	}

	@Override
	public void nack(Delivery delivery, Throwable cause) {
		RabbitmqDelivery rabbitmqDelivery = cast(delivery);
		try {
			// no requeue: RabbitMQ dead-letters it to Q.XQ through the queue's arguments
			rabbitmqDelivery.acks().nack(rabbitmqDelivery.deliveryTag());
		}
		catch (IOException | ShutdownSignalException ex) {
			throw lostDelivery("nack", rabbitmqDelivery, ex);
		}
	}

	/**
	 * Dead-letter a changed message: publish it to {@code Q.XQ} on the delivery's own
	 * channel, with the delivery's properties, then ack the delivery. The channel keeps
	 * the order, so the ack never overtakes the publish; should the connection die in
	 * between, RabbitMQ delivers the message again and it is dead-lettered again.
	 */
	@Override
	public void nack(Delivery delivery, Message deadLetter, Throwable cause) {
		RabbitmqDelivery rabbitmqDelivery = cast(delivery);
		byte[] body = this.encoder.encode(deadLetter);
		String deadQueue = QueueNames.dead(QueueNames.canonical(this.queueName));
		try {
			AMQP.BasicProperties properties = rabbitmqDelivery.properties();
			rabbitmqDelivery.acks()
				.publish(deadQueue, (properties != null) ? properties : MessageProperties.PERSISTENT_BASIC, body);
			rabbitmqDelivery.acks().ack(rabbitmqDelivery.deliveryTag());
		}
		catch (IOException | ShutdownSignalException ex) {
			throw lostDelivery("dead-letter", rabbitmqDelivery, ex);
		}
	}

	private ConnectionException lostDelivery(String action, RabbitmqDelivery delivery, Exception cause) {
		return new ConnectionException("Could not " + action + " message " + delivery + " of queue '" + this.queueName
				+ "': its channel to RabbitMQ is closed, so RabbitMQ will deliver it again.", cause);
	}

	private RabbitmqDelivery cast(Delivery delivery) {
		if (delivery instanceof RabbitmqDelivery rabbitmqDelivery) {
			return rabbitmqDelivery;
		}
		throw new IllegalArgumentException("Delivery " + delivery + " did not come from a RabbitMQ consumer.");
	}

	/**
	 * Do nothing: closing the consumer gives unacked deliveries back to RabbitMQ, in
	 * their original order.
	 */
	@Override
	public void requeue(Collection<? extends Delivery> deliveries) {
	}

	@Override
	public void close() {
		if (this.closing) {
			return;
		}
		this.closing = true;
		this.failure = "it was closed.";
		try {
			// closing the connection (or, on a shared one, the channel) cancels the
			// consumer and returns unacked deliveries; one that is closed already is
			// left alone, so that the client does not report its channel closed twice
			if (this.ownsConnection) {
				if (this.connection.isOpen()) {
					this.connection.close(CLOSE_TIMEOUT_MILLIS);
				}
			}
			else if (this.channel != null && this.channel.isOpen()) {
				this.channel.abort();
			}
		}
		catch (IOException | ShutdownSignalException ex) {
			if (this.ownsConnection) {
				this.connection.abort(CLOSE_TIMEOUT_MILLIS);
			}
		}
		finally {
			this.buffer.clear();
			this.openConsumers.remove(this);
		}
	}

	/**
	 * Return the node the connection is to, as {@code host:port}.
	 */
	private String address() {
		return this.connection.getAddress().getHostAddress() + ":" + this.connection.getPort();
	}

	private void fail(String reason) {
		if (this.failure == null) {
			this.failure = reason;
		}
		this.buffer.offer(WAKE_UP);
	}

	/**
	 * Buffers deliveries for {@link #next(long)} and records why the channel stopped.
	 */
	private final class BufferingConsumer extends DefaultConsumer {

		private final RabbitmqTopology topology;

		private final RabbitmqAcks acks;

		BufferingConsumer(Channel channel, RabbitmqTopology topology) {
			super(channel);
			this.topology = topology;
			this.acks = new RabbitmqAcks(channel);
		}

		@Override
		public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
				byte[] body) {
			// recorded before any later delivery can be acked, so a multiple ack never
			// covers it before it finished
			this.acks.delivered(envelope.getDeliveryTag());
			RabbitmqConsumer.this.buffer
				.offer(new Received(this.acks, envelope.getDeliveryTag(), envelope.isRedeliver(), properties, body));
		}

		@Override
		public void handleCancel(String consumerTag) {
			// RabbitMQ cancels consumers of a deleted queue: declare it again on restart
			this.topology.markPending(RabbitmqConsumer.this.queueName);
			fail("RabbitMQ cancelled it; was the queue deleted?");
		}

		@Override
		public void handleShutdownSignal(String consumerTag, ShutdownSignalException signal) {
			if (!RabbitmqConsumer.this.closing) {
				logger.debug("Channel of the consumer of queue '{}' closed.", RabbitmqConsumer.this.queueName, signal);
			}
			fail("its connection to RabbitMQ at " + address() + " closed (" + signal.getMessage() + ").");
		}

	}

	private record Received(RabbitmqAcks acks, long tag, boolean redelivered, AMQP.BasicProperties properties,
			byte[] body) {
	}

}
