package io.dramatiq.broker.redis;

import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.dramatiq.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this broker's heartbeat fresh while it consumes, and retries the commands that
 * failed for want of a connection.
 * <p>
 * Every script command is a heartbeat, and idle consumers poll often enough. But when
 * every prefetch slot of every queue is busy with long tasks, no consumer fetches, and
 * after {@code heartbeat_timeout} other processes would take this one for dead and run
 * its messages a second time. So a timer sends a {@code fetch} of zero messages (a
 * heartbeat that takes nothing) whenever no command went out for a fifth of the timeout:
 * there is one at least every {@code heartbeat_timeout / 2} (spec 4.9). It stops beating
 * when the last consumer closes, so that a process that stopped consuming can be
 * recovered from.
 * <p>
 * The same timer runs maintenance (spec 4.5) on every queue this broker consumes, every
 * {@code heartbeat_timeout / 2} but at least every {@value #MAX_MAINTENANCE_MILLIS} ms,
 * whatever the maintenance draw: with the draw alone (0.1 % of commands), an idle worker
 * sends so few commands that a dead worker's messages could sit in its ack set for many
 * minutes. With the timer they return to their queue within {@code heartbeat_timeout}
 * plus the maintenance interval. Maintenance is idempotent and its script is the one
 * every process runs, so Python workers sharing the namespace are unaffected.
 * <p>
 * An ack, nack or requeue that could not reach the server would leave its messages in
 * this broker's ack sets for as long as it beats; the timer runs it again every
 * {@value #RETRY_MILLIS} ms at most until it succeeds, as Python Dramatiq's worker
 * retries a failed ack.
 */
final class RedisHeartbeat {

	private static final Logger logger = LoggerFactory.getLogger(RedisHeartbeat.class);

	/** Python's worker retries a failed ack or nack every 5 s. */
	static final long RETRY_MILLIS = 5000;

	/** The longest pause between two maintenance runs of a consuming broker. */
	static final long MAX_MAINTENANCE_MILLIS = 5000;

	private final RedisDispatcher dispatcher;

	private final long maintenanceMillis;

	private long lastMaintenanceMillis;

	private final long heartbeatMillis;

	private final long tickMillis;

	private final Map<Object, String> consumers = new ConcurrentHashMap<>();

	private final Queue<Retry> retries = new ConcurrentLinkedQueue<>();

	private ScheduledExecutorService timer;

	private boolean failing;

	RedisHeartbeat(RedisDispatcher dispatcher) {
		this.dispatcher = dispatcher;
		this.heartbeatMillis = Math.max(1, dispatcher.options().heartbeatTimeout().toMillis() / 5);
		this.maintenanceMillis = maintenanceMillis(dispatcher.options().heartbeatTimeout().toMillis());
		this.tickMillis = Math.min(Math.min(this.heartbeatMillis, this.maintenanceMillis), RETRY_MILLIS);
		this.lastMaintenanceMillis = System.currentTimeMillis();
	}

	/**
	 * Return how often a consuming broker runs maintenance: half the heartbeat timeout,
	 * at most {@value #MAX_MAINTENANCE_MILLIS} ms.
	 */
	static long maintenanceMillis(long heartbeatTimeoutMillis) {
		return Math.max(1, Math.min(heartbeatTimeoutMillis / 2, MAX_MAINTENANCE_MILLIS));
	}

	void consumerOpened(Object consumer, String queueName) {
		this.consumers.put(consumer, queueName);
		start();
	}

	void consumerClosed(Object consumer) {
		this.consumers.remove(consumer);
	}

	/**
	 * Run a command again, in order with the others, until the server answers.
	 * @param description what it does, for logs
	 * @param command the command
	 */
	void retryLater(String description, Runnable command) {
		this.retries.add(new Retry(description, command));
		start();
	}

	private synchronized void start() {
		if (this.timer == null) {
			this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "dramatiq-redis-heartbeat");
				thread.setDaemon(true);
				return thread;
			});
			this.timer.scheduleWithFixedDelay(this::tick, this.tickMillis, this.tickMillis, TimeUnit.MILLISECONDS);
		}
	}

	void tick() {
		try {
			runRetries();
			maintainWhenDue();
			String queueName = this.consumers.values().stream().findFirst().orElse(null);
			if (queueName != null
					&& System.currentTimeMillis() - this.dispatcher.lastCommandMillis() >= this.heartbeatMillis) {
				this.dispatcher.fetch(queueName, 0);
			}
			if (this.failing) {
				this.failing = false;
				logger.info("Redis heartbeat to {} goes through again.", this.dispatcher.endpoint());
			}
		}
		catch (RuntimeException ex) {
			// once per outage: the consumers report it too
			if (!this.failing) {
				this.failing = true;
				logger.warn("Redis heartbeat failed ({}); retrying every {} ms, attempts are logged at DEBUG.",
						Credentials.redact(ex.getMessage()), this.tickMillis);
			}
			logger.debug("Redis heartbeat failed.", ex);
		}
	}

	/**
	 * Run maintenance on every consumed queue once the interval has passed; each run is
	 * also a heartbeat.
	 */
	private void maintainWhenDue() {
		long now = System.currentTimeMillis();
		if (now - this.lastMaintenanceMillis < this.maintenanceMillis) {
			return;
		}
		for (String queueName : Set.copyOf(this.consumers.values())) {
			this.dispatcher.maintain(queueName);
		}
		this.lastMaintenanceMillis = now;
	}

	private void runRetries() {
		Retry next;
		while ((next = this.retries.peek()) != null) {
			next.command().run();
			this.retries.remove();
			logger.info("Redis answers again: {} went through.", next.description());
		}
	}

	synchronized void close() {
		if (this.timer != null) {
			this.timer.shutdownNow();
			this.timer = null;
		}
		if (!this.retries.isEmpty()) {
			logger.warn(
					"Closing with {} Redis commands that never went through; their messages return to their "
							+ "queues when another worker's maintenance finds this broker's heartbeat expired.",
					this.retries.size());
		}
	}

	private record Retry(String description, Runnable command) {
	}

}
