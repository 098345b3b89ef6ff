package io.dramatiq.worker;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.dramatiq.Credentials;
import io.dramatiq.broker.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paces the restarts of one consumer thread and keeps a broker outage to a few log lines.
 * The first restart waits the worker's restart delay, and each failure in a row doubles
 * the wait up to the maximum restart delay, so a long outage costs one connection attempt
 * per consumer every few seconds rather than a steady stream (Python Dramatiq waits a
 * fixed delay).
 * <p>
 * A lost connection is reported once per outage, at WARN with the broker's address and
 * the cause but without a stack trace; every attempt is logged at DEBUG with its stack
 * trace; and one INFO line says when the consumer is connected again. An unexpected
 * failure is logged at ERROR, with its stack trace, each time.
 */
final class ConsumerRestarts {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerRestarts.class);

	private final String queueName;

	private final long firstDelayMillis;

	private final long maxDelayMillis;

	private int failures;

	private long failingSince;

	private boolean disconnected;

	ConsumerRestarts(String queueName, Duration restartDelay, Duration maxRestartDelay) {
		this.queueName = queueName;
		this.firstDelayMillis = restartDelay.toMillis();
		this.maxDelayMillis = Math.max(this.firstDelayMillis, maxRestartDelay.toMillis());
	}

	/**
	 * Record that the consumer lost its connection, or could not connect.
	 * @param ex why
	 * @return how long to wait before the next attempt, in milliseconds
	 */
	long connectionLost(ConnectionException ex) {
		long delay = nextDelay();
		if (!this.disconnected) {
			this.disconnected = true;
			logger.warn(
					"Consumer of queue '{}' lost its connection: {} Reconnecting in {} ms, then backing off up to"
							+ " {} ms; attempts are logged at DEBUG.",
					this.queueName, describe(ex), delay, this.maxDelayMillis);
		}
		logger.debug("Consumer of queue '{}' is disconnected (attempt {}); next attempt in {} ms.", this.queueName,
				this.failures, delay, ex);
		return delay;
	}

	/**
	 * Record that the consumer failed for another reason than its connection.
	 * @param ex why
	 * @return how long to wait before the next attempt, in milliseconds
	 */
	long failed(RuntimeException ex) {
		long delay = nextDelay();
		logger.error("Consumer of queue '{}' failed; restarting in {} ms.", this.queueName, delay, ex);
		return delay;
	}

	/**
	 * Record that the consumer is consuming: the next failure starts again from the
	 * restart delay.
	 */
	void consuming() {
		if (this.failures == 0) {
			return;
		}
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - this.failingSince);
		if (this.disconnected) {
			logger.info("Consumer of queue '{}' is connected again, after {} attempts over {} s.", this.queueName,
					this.failures, seconds);
		}
		else {
			logger.info("Consumer of queue '{}' is consuming again, after {} failures over {} s.", this.queueName,
					this.failures, seconds);
		}
		this.failures = 0;
		this.disconnected = false;
	}

	private long nextDelay() {
		if (this.failures == 0) {
			this.failingSince = System.nanoTime();
		}
		int doublings = Math.min(this.failures, 30);
		this.failures++;
		long delay = this.firstDelayMillis << doublings;
		return (delay < 0 || delay > this.maxDelayMillis) ? this.maxDelayMillis : delay;
	}

	/**
	 * Return the exception's message and, when it is another one, its root cause's, such
	 * as "Could not connect to RabbitMQ at 127.0.0.1:5672 to consume (ConnectException:
	 * Connection refused)." without credentials.
	 */
	static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = String.valueOf(ex.getMessage()).strip();
		if (message.endsWith(".")) {
			message = message.substring(0, message.length() - 1);
		}
		if (root != ex && root.getMessage() != null && !message.contains(root.getMessage())) {
			message += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
		}
		return Credentials.redact(message + ".");
	}

}
