package io.dramatiq.broker;

import java.util.List;
import java.util.Set;

/**
 * What the worker hooks of {@link Middleware} see of a worker
 * ({@link io.dramatiq.worker.Worker} implements it). It lives beside the hooks so that
 * middleware needs no dependency on the worker package.
 */
public interface WorkerView {

	/**
	 * Return the canonical queues the worker consumes (each with its delay queue).
	 * @return the queue names
	 */
	Set<String> consumedQueues();

	/**
	 * Return the worker threads, for middleware that interrupts running actors.
	 * @return the threads
	 */
	List<Thread> workerThreads();

}
