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
	 * Whether to run actors on virtual threads (Java 21+). The number of threads is then
	 * how many messages may run at once; raise it for actors that mostly wait on I/O.
	 */
	private boolean virtualThreads = false;

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

	/**
	 * Return the {@code enabled} setting.
	 * @return the {@code enabled} setting
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set the {@code enabled} setting.
	 * @param enabled the new value
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return the {@code threads} setting.
	 * @return the {@code threads} setting
	 */
	public int getThreads() {
		return this.threads;
	}

	/**
	 * Set the {@code threads} setting.
	 * @param threads the new value
	 */
	public void setThreads(int threads) {
		this.threads = threads;
	}

	/**
	 * Return the {@code queues} setting.
	 * @return the {@code queues} setting
	 */
	public List<String> getQueues() {
		return this.queues;
	}

	/**
	 * Set the {@code queues} setting.
	 * @param queues the new value
	 */
	public void setQueues(List<String> queues) {
		this.queues = queues;
	}

	/**
	 * Return the {@code shutdown-timeout} setting.
	 * @return the {@code shutdown-timeout} setting
	 */
	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Set the {@code shutdown-timeout} setting.
	 * @param shutdownTimeout the new value
	 */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Return the {@code worker-timeout} setting.
	 * @return the {@code worker-timeout} setting
	 */
	public Duration getWorkerTimeout() {
		return this.workerTimeout;
	}

	/**
	 * Set the {@code worker-timeout} setting.
	 * @param workerTimeout the new value
	 */
	public void setWorkerTimeout(Duration workerTimeout) {
		this.workerTimeout = workerTimeout;
	}

	/**
	 * Return the {@code queue-prefetch} setting.
	 * @return the {@code queue-prefetch} setting
	 */
	public int getQueuePrefetch() {
		return this.queuePrefetch;
	}

	/**
	 * Set the {@code queue-prefetch} setting.
	 * @param queuePrefetch the new value
	 */
	public void setQueuePrefetch(int queuePrefetch) {
		this.queuePrefetch = queuePrefetch;
	}

	/**
	 * Return the {@code delay-queue-prefetch} setting.
	 * @return the {@code delay-queue-prefetch} setting
	 */
	public int getDelayQueuePrefetch() {
		return this.delayQueuePrefetch;
	}

	/**
	 * Set the {@code delay-queue-prefetch} setting.
	 * @param delayQueuePrefetch the new value
	 */
	public void setDelayQueuePrefetch(int delayQueuePrefetch) {
		this.delayQueuePrefetch = delayQueuePrefetch;
	}

	/**
	 * Return the {@code restart-delay} setting.
	 * @return the {@code restart-delay} setting
	 */
	public Duration getRestartDelay() {
		return this.restartDelay;
	}

	/**
	 * Set the {@code restart-delay} setting.
	 * @param restartDelay the new value
	 */
	public void setRestartDelay(Duration restartDelay) {
		this.restartDelay = restartDelay;
	}

	/**
	 * Return the {@code max-restart-delay} setting.
	 * @return the {@code max-restart-delay} setting
	 */
	public Duration getMaxRestartDelay() {
		return this.maxRestartDelay;
	}

	/**
	 * Set the {@code max-restart-delay} setting.
	 * @param maxRestartDelay the new value
	 */
	public void setMaxRestartDelay(Duration maxRestartDelay) {
		this.maxRestartDelay = maxRestartDelay;
	}

	/**
	 * Return the {@code virtual-threads} setting.
	 * @return whether actors run on virtual threads
	 */
	public boolean isVirtualThreads() {
		return this.virtualThreads;
	}

	/**
	 * Set the {@code virtual-threads} setting.
	 * @param virtualThreads whether actors run on virtual threads (Java 21+)
	 */
	public void setVirtualThreads(boolean virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

}
