package io.dramatiq.broker.redis;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.dramatiq.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;

/**
 * Wakes idle consumers as soon as a message lands on an empty queue, so that a message
 * sent to an idle worker is picked up in about a millisecond instead of at the next poll.
 * <p>
 * The dispatch script publishes the queue name on the channel {@code ns:__wakeup__}
 * whenever it pushes onto an empty list (enqueue, requeue, recovery). One subscription
 * per broker listens to it, from the first consumer until the last one closes. It is only
 * a hint: consumers still poll with Python's idle backoff, so messages from Python
 * producers (which do not publish) and notifications lost while the subscription is
 * renewed are still picked up.
 * <p>
 * The subscription is kept alive by a thread of its own: when subscribing fails (Redis is
 * down) or the subscription ends (Jedis ends it when its connection drops), the thread
 * subscribes again after a delay that doubles from 1 s up to 30 s. Lettuce renews a
 * subscription whose connection dropped by itself. Spring Data Redis's
 * {@code RedisMessageListenerContainer} is not used: started while Redis is down, it
 * fails and never subscribes, and it logs every recovery attempt as an error with a stack
 * trace. A failure is logged once at WARN until the subscription is back (INFO); each
 * attempt is logged at DEBUG.
 */
final class RedisWakeups implements MessageListener, SubscriptionListener {

	private static final Logger logger = LoggerFactory.getLogger(RedisWakeups.class);

	/** First wait before subscribing again. */
	static final long FIRST_RETRY_MILLIS = 1000;

	/** Longest wait before subscribing again. */
	static final long MAX_RETRY_MILLIS = 30000;

	private final RedisConnectionFactory connectionFactory;

	private final byte[] channel;

	private final String endpoint;

	private final Map<String, Set<Runnable>> listeners = new ConcurrentHashMap<>();

	private final Object monitor = new Object();

	// guarded by monitor
	private RedisConnection subscription;

	// guarded by monitor
	private Thread thread;

	// guarded by monitor
	private boolean closed;

	private volatile boolean failing;

	private volatile long retryMillis = FIRST_RETRY_MILLIS;

	RedisWakeups(RedisConnectionFactory connectionFactory, String namespace) {
		this.connectionFactory = connectionFactory;
		this.channel = (namespace + ":__wakeup__").getBytes(StandardCharsets.UTF_8);
		this.endpoint = RedisEndpoint.describe(connectionFactory);
	}

	/**
	 * Call {@code listener} whenever a message lands on the empty queue
	 * {@code queueName}; subscribe on first use.
	 */
	void register(String queueName, Runnable listener) {
		synchronized (this.monitor) {
			if (this.closed) {
				return;
			}
			this.listeners.computeIfAbsent(queueName, (q) -> ConcurrentHashMap.newKeySet()).add(listener);
			if (this.thread == null) {
				this.thread = new Thread(this::keepSubscribed, "dramatiq-redis-wakeups");
				this.thread.setDaemon(true);
				this.thread.start();
			}
			this.monitor.notifyAll();
		}
	}

	/**
	 * Stop calling {@code listener}; unsubscribe when no listener is left, so that a
	 * stopped worker holds no subscription.
	 */
	void unregister(String queueName, Runnable listener) {
		synchronized (this.monitor) {
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
	}

	/**
	 * Return whether the subscription is up, as far as the client knows.
	 */
	boolean isSubscribed() {
		synchronized (this.monitor) {
			return this.subscription != null && this.subscription.isSubscribed();
		}
	}

	/**
	 * Subscribe whenever there are listeners and no subscription, until closed.
	 */
	private void keepSubscribed() {
		while (awaitSubscriptionNeeded()) {
			RedisConnection connection = null;
			RuntimeException failure = null;
			try {
				connection = this.connectionFactory.getConnection();
				if (!adopt(connection)) {
					continue;
				}
				// Lettuce returns once subscribed and renews the subscription after a
				// reconnect; Jedis blocks here while subscribed
				connection.subscribe(this, this.channel);
				if (connection.isSubscribed()) {
					continue;
				}
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			if (!release(connection)) {
				// unsubscribed on purpose
				continue;
			}
			long delay = this.retryMillis;
			failed(failure, delay);
			if (!pause(delay)) {
				return;
			}
			this.retryMillis = Math.min(delay * 2, MAX_RETRY_MILLIS);
		}
	}

	private boolean awaitSubscriptionNeeded() {
		synchronized (this.monitor) {
			try {
				while (!this.closed && (this.listeners.isEmpty() || this.subscription != null)) {
					this.monitor.wait();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.thread = null;
				return false;
			}
			if (this.closed) {
				this.thread = null;
			}
			return !this.closed;
		}
	}

	/**
	 * Keep a new connection as the subscription, unless it is no longer wanted.
	 */
	private boolean adopt(RedisConnection connection) {
		synchronized (this.monitor) {
			if (this.closed || this.listeners.isEmpty()) {
				closeQuietly(connection);
				return false;
			}
			this.subscription = connection;
			return true;
		}
	}

	/**
	 * Drop a subscription that failed or ended.
	 * @return whether it ended by itself, rather than by {@link #unregister} or
	 * {@link #close()}
	 */
	private boolean release(RedisConnection connection) {
		synchronized (this.monitor) {
			boolean ended = connection == null || this.subscription == connection;
			if (connection != null && this.subscription == connection) {
				this.subscription = null;
				closeQuietly(connection);
			}
			return ended && !this.closed;
		}
	}

	private void failed(RuntimeException failure, long retryMillis) {
		String cause = (failure != null) ? Credentials.redact(failure.getMessage()) : "the subscription ended";
		if (!this.failing) {
			this.failing = true;
			logger.warn(
					"Could not subscribe to Redis wake-ups at {} ({}); idle consumers poll until the subscription is"
							+ " renewed. Retrying in {} ms, backing off up to {} ms; attempts are logged at DEBUG.",
					this.endpoint, cause, retryMillis, MAX_RETRY_MILLIS);
		}
		logger.debug("Subscribing to Redis wake-ups failed ({}); retrying in {} ms.", cause, retryMillis, failure);
	}

	/**
	 * Wait before the next attempt, or until closed.
	 * @return whether to go on
	 */
	private boolean pause(long millis) {
		long until = System.currentTimeMillis() + millis;
		synchronized (this.monitor) {
			try {
				long remaining;
				while (!this.closed && (remaining = until - System.currentTimeMillis()) > 0) {
					this.monitor.wait(remaining);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (this.closed || Thread.currentThread().isInterrupted()) {
				this.thread = null;
				return false;
			}
			return true;
		}
	}

	@Override
	public void onMessage(Message message, byte[] pattern) {
		Set<Runnable> set = this.listeners.get(new String(message.getBody(), StandardCharsets.UTF_8));
		if (set != null) {
			set.forEach(Runnable::run);
		}
	}

	/**
	 * Called by the client whenever the channel is subscribed, a renewal included.
	 */
	@Override
	public void onChannelSubscribed(byte[] channel, long count) {
		this.retryMillis = FIRST_RETRY_MILLIS;
		if (this.failing) {
			this.failing = false;
			logger.info("Subscribed to Redis wake-ups at {} again.", this.endpoint);
		}
	}

	void close() {
		synchronized (this.monitor) {
			this.closed = true;
			unsubscribe();
			this.monitor.notifyAll();
		}
	}

	private void unsubscribe() {
		if (this.subscription != null) {
			RedisConnection connection = this.subscription;
			this.subscription = null;
			closeQuietly(connection);
		}
		this.monitor.notifyAll();
	}

	private static void closeQuietly(RedisConnection connection) {
		try {
			connection.close();
		}
		catch (RuntimeException ex) {
			logger.debug("Failed to close a Redis wake-up subscription.", ex);
		}
	}

}
