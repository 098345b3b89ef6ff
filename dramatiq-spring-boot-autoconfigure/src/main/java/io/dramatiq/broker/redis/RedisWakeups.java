package io.dramatiq.broker.redis;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Wakes idle consumers as soon as a message lands on an empty queue, so that a message
 * sent to an idle worker is picked up in about a millisecond instead of at the next poll.
 * <p>
 * The dispatch script publishes the queue name on the channel {@code ns:__wakeup__}
 * whenever it pushes onto an empty list (enqueue, requeue, recovery). One subscription
 * per broker listens to it. It is only a hint: consumers still poll with Python's idle
 * backoff, so messages from Python producers (which do not publish) and any notification
 * lost while the subscription reconnects are still picked up.
 */
final class RedisWakeups implements MessageListener {

	private static final Logger logger = LoggerFactory.getLogger(RedisWakeups.class);

	private final RedisConnectionFactory connectionFactory;

	private final byte[] channel;

	private final Map<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();

	private RedisConnection subscription;

	private boolean closed;

	RedisWakeups(RedisConnectionFactory connectionFactory, String namespace) {
		this.connectionFactory = connectionFactory;
		this.channel = (namespace + ":__wakeup__").getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Call {@code listener} whenever a message lands on the empty queue
	 * {@code queueName}; subscribe on first use.
	 */
	synchronized void register(String queueName, Runnable listener) {
		this.listeners.computeIfAbsent(queueName, (q) -> ConcurrentHashMap.newKeySet()).add(listener);
		subscribe();
	}

	/**
	 * Stop calling {@code listener}; unsubscribe when no listener is left, so that a
	 * stopped worker holds no subscription.
	 */
	synchronized void unregister(String queueName, Runnable listener) {
		Set<Runnable> set = this.listeners.get(queueName);
		if (set != null) {
			set.remove(listener);
			if (set.isEmpty()) {
				this.listeners.remove(queueName);
			}
		}
		if (this.listeners.isEmpty()) {
			unsubscribe();
		}
	}

	private synchronized void subscribe() {
		if (this.subscription != null || this.closed) {
			return;
		}
		try {
			RedisConnection connection = this.connectionFactory.getConnection();
			this.subscription = connection;
			// Lettuce subscribes without blocking, Jedis blocks: a thread serves both
			Thread thread = new Thread(() -> subscribe(connection), "dramatiq-redis-wakeups");
			thread.setDaemon(true);
			thread.start();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not subscribe to Redis wake-ups; idle consumers fall back to polling.", ex);
		}
	}

	private void subscribe(RedisConnection connection) {
		try {
			connection.subscribe(this, this.channel);
		}
		catch (RuntimeException ex) {
			logger.warn("Could not subscribe to Redis wake-ups; idle consumers fall back to polling.", ex);
		}
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		Set<Runnable> set = this.listeners.get(new String(message.getBody(), StandardCharsets.UTF_8));
		if (set != null) {
			set.forEach(Runnable::run);
		}
	}

	synchronized void close() {
		this.closed = true;
		unsubscribe();
	}

	private void unsubscribe() {
		if (this.subscription != null) {
			try {
				this.subscription.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Failed to close the Redis wake-up subscription.", ex);
			}
			this.subscription = null;
		}
	}

}
