package io.dramatiq.worker;

import java.time.Duration;
import java.util.Set;

import io.dramatiq.broker.Broker;

/**
 * Placeholder with the final public API; the implementation lands separately.
 */
public class Worker {

	private final Broker broker;

	private final WorkerOptions options;

	public Worker(Broker broker, WorkerOptions options) {
		this.broker = broker;
		this.options = options;
	}

	public Broker broker() {
		return this.broker;
	}

	public WorkerOptions options() {
		return this.options;
	}

	/**
	 * Start consuming: one consumer per queue and delay queue, and the worker threads.
	 */
	public void start() {
		throw new UnsupportedOperationException("not yet");
	}

	/** Stop gracefully within {@link WorkerOptions#shutdownTimeout()}. */
	public void stop() {
		stop(this.options.shutdownTimeout());
	}

	/**
	 * Stop gracefully: stop fetching, let running actors finish (up to the timeout), give
	 * prefetched messages back to the broker and close the consumers.
	 * @param timeout how long to wait for running actors
	 */
	public void stop(Duration timeout) {
		throw new UnsupportedOperationException("not yet");
	}

	/** Wait until every prefetched message was processed and acked or nacked. */
	public void join() {
		throw new UnsupportedOperationException("not yet");
	}

	public boolean isRunning() {
		return false;
	}

	/**
	 * @return the canonical queues this worker consumes (with their delay queues)
	 */
	public Set<String> consumedQueues() {
		return Set.of();
	}

}
