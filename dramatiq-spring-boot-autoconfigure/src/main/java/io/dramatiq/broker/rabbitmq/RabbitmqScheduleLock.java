package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ShutdownSignalException;
import io.dramatiq.broker.ConnectionException;
import io.dramatiq.schedule.ScheduleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ScheduleLock} of the RabbitMQ broker: a leader per actor, chosen by
 * RabbitMQ, with no other server.
 * <ul>
 * <li>The instance whose consumer holds the <em>exclusive</em> consumer of the queue
 * {@code dramatiq.schedule.<actor>} is the actor's leader and enqueues its ticks; the
 * others are refused ({@code ACCESS_REFUSED}) and try again on every tick. When the
 * leader stops or dies, RabbitMQ drops its connection and consumer, and the first
 * instance to try on the next tick takes over. The queue never receives a message.</li>
 * <li>The queue {@code dramatiq.schedule.<actor>.last} ({@code x-max-length} 1) holds one
 * message, the last tick enqueued in epoch milliseconds, read without being taken; it
 * lets a new leader skip a tick its predecessor had already enqueued, and a later start
 * tell which ticks were missed.</li>
 * </ul>
 * The lock has a connection of its own, so that closing it releases every leadership at
 * once.
 */
public class RabbitmqScheduleLock implements ScheduleLock {

	/** The prefix of the queues of the lock. */
	public static final String QUEUE_PREFIX = "dramatiq.schedule.";

	private static final Logger logger = LoggerFactory.getLogger(RabbitmqScheduleLock.class);

	private static final AMQP.BasicProperties PERSISTENT = new AMQP.BasicProperties.Builder().deliveryMode(2).build();

	private static final Map<String, Object> LAST_ARGUMENTS = Map.of("x-max-length", 1);

	private final RabbitmqConnections connections;

	private final Map<String, Channel> leaderships = new HashMap<>();

	private Connection connection;

	RabbitmqScheduleLock(RabbitmqConnections connections) {
		this.connections = connections;
	}

	/**
	 * Return the queue whose exclusive consumer is the leader of an actor's schedule.
	 * @param actorName the actor
	 * @return the queue name
	 */
	public static String leaderQueue(String actorName) {
		return QUEUE_PREFIX + actorName;
	}

	/**
	 * Return the queue that holds the last tick of an actor's schedule.
	 * @param actorName the actor
	 * @return the queue name
	 */
	public static String lastTickQueue(String actorName) {
		return QUEUE_PREFIX + actorName + ".last";
	}

	@Override
	public synchronized boolean claim(String actorName, Instant tick) {
		if (!lead(actorName)) {
			return false;
		}
		// a new leader may be late for a tick its predecessor enqueued
		Optional<Instant> last = lastTick(actorName);
		return last.isEmpty() || last.get().isBefore(tick);
	}

	private boolean lead(String actorName) {
		Channel held = this.leaderships.get(actorName);
		if (held != null && held.isOpen()) {
			return true;
		}
		if (held != null) {
			this.leaderships.remove(actorName);
			logger.warn("Lost the lead of the schedule of actor '{}': its connection to RabbitMQ closed.", actorName);
		}
		Channel channel = channel();
		String queue = leaderQueue(actorName);
		try {
			channel.queueDeclare(queue, true, false, false, null);
			channel.basicConsume(queue, false, "", false, true, null, new DefaultConsumer(channel));
		}
		catch (IOException | ShutdownSignalException ex) {
			closeQuietly(channel);
			int code = RabbitmqErrors.replyCode(ex);
			if (code == AMQP.ACCESS_REFUSED || code == AMQP.RESOURCE_LOCKED) {
				return false;
			}
			throw new ConnectionException("Could not take the lead of the schedule of actor '" + actorName
					+ "' on RabbitMQ queue '" + queue + "': " + RabbitmqErrors.replyText(ex), ex);
		}
		this.leaderships.put(actorName, channel);
		logger.info("This instance now leads the schedule of actor '{}' (exclusive consumer of queue '{}').", actorName,
				queue);
		return true;
	}

	@Override
	public synchronized Optional<Instant> lastTick(String actorName) {
		Channel channel = channel();
		try {
			declareLastTickQueue(channel, actorName);
			GetResponse response = channel.basicGet(lastTickQueue(actorName), false);
			if (response == null) {
				return Optional.empty();
			}
			// put it back: the queue is read, never emptied
			channel.basicReject(response.getEnvelope().getDeliveryTag(), true);
			try {
				return Optional.of(Instant
					.ofEpochMilli(Long.parseLong(new String(response.getBody(), StandardCharsets.UTF_8).trim())));
			}
			catch (NumberFormatException ex) {
				return Optional.empty();
			}
		}
		catch (IOException | ShutdownSignalException ex) {
			throw new ConnectionException("Could not read the last tick of actor '" + actorName
					+ "' from RabbitMQ queue '" + lastTickQueue(actorName) + "'.", ex);
		}
		finally {
			closeQuietly(channel);
		}
	}

	@Override
	public synchronized void recordTick(String actorName, Instant tick) {
		Channel channel = channel();
		try {
			declareLastTickQueue(channel, actorName);
			channel.confirmSelect();
			channel.basicPublish("", lastTickQueue(actorName), PERSISTENT,
					Long.toString(tick.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
			channel.waitForConfirmsOrDie(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ConnectionException("Interrupted while recording tick " + tick + " of actor '" + actorName + "'.",
					ex);
		}
		catch (IOException | TimeoutException | ShutdownSignalException ex) {
			throw new ConnectionException("Could not record tick " + tick + " of actor '" + actorName
					+ "' in RabbitMQ queue '" + lastTickQueue(actorName) + "'.", ex);
		}
		finally {
			closeQuietly(channel);
		}
	}

	@Override
	public String describe() {
		return "RabbitMQ exclusive consumers on queues " + QUEUE_PREFIX + "<actor>";
	}

	/**
	 * Give up every leadership: close their channels and the lock's connection.
	 */
	@Override
	public synchronized void close() {
		this.leaderships.values().forEach(RabbitmqScheduleLock::closeQuietly);
		this.leaderships.clear();
		Connection current = this.connection;
		this.connection = null;
		if (current != null && this.connections.ownsConsumerConnections() && current.isOpen()) {
			try {
				current.close();
			}
			catch (IOException | ShutdownSignalException ex) {
				logger.debug("Failed to close the connection of the schedule lock.", ex);
			}
		}
	}

	private static void declareLastTickQueue(Channel channel, String actorName) throws IOException {
		channel.queueDeclare(lastTickQueue(actorName), true, false, false, LAST_ARGUMENTS);
	}

	private Channel channel() {
		if (this.connection == null || !this.connection.isOpen()) {
			this.connection = this.connections.createConsumerConnection("dramatiq scheduler");
		}
		try {
			Channel channel = this.connection.createChannel();
			if (channel == null) {
				throw new ConnectionException("Could not open a channel to RabbitMQ at " + this.connections.address()
						+ " for the scheduler: the connection has as many channels as RabbitMQ allows.");
			}
			return channel;
		}
		catch (IOException | ShutdownSignalException ex) {
			throw new ConnectionException(
					"Could not open a channel to RabbitMQ at " + this.connections.address() + " for the scheduler.",
					ex);
		}
	}

	private static void closeQuietly(Channel channel) {
		if (channel.isOpen()) {
			try {
				channel.close();
			}
			catch (IOException | TimeoutException | ShutdownSignalException ex) {
				logger.debug("Failed to close a channel of the schedule lock.", ex);
			}
		}
	}

}
