package io.dramatiq.broker.redis;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this broker's heartbeat fresh while it consumes, and retries requeues that
 * failed.
 * <p>
 * Every script command is a heartbeat, and idle consumers poll often enough. But when
 * every prefetch slot of every queue is busy with long tasks, no consumer fetches, and
 * after {@code heartbeat_timeout} other processes would take this one for dead and run
 * its messages a second time. So a timer sends a {@code fetch} of zero messages (a
 * heartbeat that takes nothing) whenever no command went out for a fifth of the timeout:
 * there is one at least every {@code heartbeat_timeout / 2} (spec 4.9). It stops when the
 * last consumer closes, so that a process that stopped consuming can be recovered from.
 * <p>
 * Messages a closing consumer could not give back (the server was unreachable) would stay
 * in this broker's ack sets as long as it beats; the timer gives them back once the
 * server answers again.
 */
final class RedisHeartbeat {

	private static final Logger logger = LoggerFactory.getLogger(RedisHeartbeat.class);

	private final RedisDispatcher dispatcher;

	private final long intervalMillis;

	private final Map<Object, String> consumers = new ConcurrentHashMap<>();

	private final Queue<PendingRequeue> pending = new ConcurrentLinkedQueue<>();

	private ScheduledExecutorService timer;

	RedisHeartbeat(RedisDispatcher dispatcher) {
		this.dispatcher = dispatcher;
		this.intervalMillis = Math.max(1, dispatcher.options().heartbeatTimeout().toMillis() / 5);
	}

	void consumerOpened(Object consumer, String queueName) {
		this.consumers.put(consumer, queueName);
		start();
	}

	void consumerClosed(Object consumer) {
		this.consumers.remove(consumer);
	}

	/**
	 * Give ids back to their queue as soon as the server answers again.
	 */
	void requeueLater(String queueName, List<String> redisMessageIds) {
		this.pending.add(new PendingRequeue(queueName, List.copyOf(redisMessageIds)));
		start();
	}

	private synchronized void start() {
		if (this.timer == null) {
			this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "dramatiq-redis-heartbeat");
				thread.setDaemon(true);
				return thread;
			});
			this.timer.scheduleWithFixedDelay(this::tick, this.intervalMillis, this.intervalMillis,
					TimeUnit.MILLISECONDS);
		}
	}

	void tick() {
		try {
			retryRequeues();
			String queueName = this.consumers.values().stream().findFirst().orElse(null);
			if (queueName != null
					&& System.currentTimeMillis() - this.dispatcher.lastCommandMillis() >= this.intervalMillis) {
				this.dispatcher.fetch(queueName, 0);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Redis heartbeat failed; retrying in {} ms.", this.intervalMillis, ex);
		}
	}

	private void retryRequeues() {
		PendingRequeue next;
		while ((next = this.pending.peek()) != null) {
			this.dispatcher.requeue(next.queueName(), next.redisMessageIds());
			this.pending.remove();
			logger.info("Gave {} messages back to queue '{}' after the connection came back.",
					next.redisMessageIds().size(), next.queueName());
		}
	}

	synchronized void close() {
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.timer = null;
		}
		if (!this.pending.isEmpty()) {
			logger.warn("Closing with messages not given back to Redis; they return to their queues when another "
					+ "worker's maintenance finds this broker's heartbeat expired.");
		}
	}

	private record PendingRequeue(String queueName, List<String> redisMessageIds) {
	}

}
