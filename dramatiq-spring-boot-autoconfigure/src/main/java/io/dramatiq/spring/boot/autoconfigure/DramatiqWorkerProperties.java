package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the worker that runs actors in this application.
 */
public class DramatiqWorkerProperties {

	/**
	 * Whether to start a worker with the application; without one it only sends messages.
	 */
	private boolean enabled = true;

	/**
	 * Number of worker threads that run actors.
	 */
	private int threads = 8;

	/**
	 * Canonical queues to consume (their delay queues follow); empty means every queue of
	 * a declared actor.
	 */
	private List<String> queues = new ArrayList<>();

	/**
	 * How long a graceful stop waits for running actors. The worker's shutdown phase gets
	 * this long even when spring.lifecycle.timeout-per-shutdown-phase is shorter.
	 */
	private Duration shutdownTimeout = Duration.ofMinutes(10);

	/**
	 * Longest wait of a consumer for a message before it checks whether the worker is
	 * stopping; on Redis, also the longest idle backoff between two polls.
	 */
	private Duration workerTimeout = Duration.ofSeconds(1);

	/**
	 * Messages fetched ahead per queue; 0 means twice the number of threads.
	 */
	private int queuePrefetch = 0;

	/**
	 * Delayed messages held per delay queue; 0 means 1000 times the number of threads.
	 */
	private int delayQueuePrefetch = 0;

	/**
	 * How long a consumer that failed waits before it reconnects; the wait doubles with
	 * each failure in a row, up to max-restart-delay.
	 */
	private Duration restartDelay = Duration.ofSeconds(3);

	/**
	 * Longest wait of a consumer between two attempts to reconnect during a broker
	 * outage.
	 */
	private Duration maxRestartDelay = Duration.ofSeconds(30);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getThreads() {
		return this.threads;
	}

	public void setThreads(int threads) {
		this.threads = threads;
	}

	public List<String> getQueues() {
		return this.queues;
	}

	public void setQueues(List<String> queues) {
		this.queues = queues;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	public Duration getWorkerTimeout() {
		return this.workerTimeout;
	}

	public void setWorkerTimeout(Duration workerTimeout) {
		this.workerTimeout = workerTimeout;
	}

	public int getQueuePrefetch() {
		return this.queuePrefetch;
	}

	public void setQueuePrefetch(int queuePrefetch) {
		this.queuePrefetch = queuePrefetch;
	}

	public int getDelayQueuePrefetch() {
		return this.delayQueuePrefetch;
	}

	public void setDelayQueuePrefetch(int delayQueuePrefetch) {
		this.delayQueuePrefetch = delayQueuePrefetch;
	}

	public Duration getRestartDelay() {
		return this.restartDelay;
	}

	public void setRestartDelay(Duration restartDelay) {
		this.restartDelay = restartDelay;
	}

	public Duration getMaxRestartDelay() {
		return this.maxRestartDelay;
	}

	public void setMaxRestartDelay(Duration maxRestartDelay) {
		this.maxRestartDelay = maxRestartDelay;
	}

}
