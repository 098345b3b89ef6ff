package io.dramatiq.worker;

import java.time.Duration;
import java.util.Set;

/**
 * Settings of a {@link Worker}, with Python Dramatiq's defaults
 * ({@code dramatiq/worker.py}).
 *
 * @param threads worker threads (8)
 * @param workerTimeout longest wait of a consumer for a message before it checks whether
 * the worker is stopping (1 s); delayed messages move at their eta regardless
 * @param queuePrefetch outstanding messages per queue; 0 means {@code 2 × threads}
 * @param delayQueuePrefetch outstanding messages per delay queue; 0 means
 * {@code 1000 × threads}
 * @param queues canonical queues to consume; empty means every declared queue
 * @param shutdownTimeout how long a graceful stop waits for running actors (10 min)
 * @param restartDelay how long a failed consumer waits before it restarts (3 s); the wait
 * doubles with each failure in a row
 * @param maxRestartDelay the longest a consumer waits between two attempts to restart (30
 * s; not in Python, which always waits the restart delay)
 * @param virtualThreads whether each of the {@code threads} runs as a virtual thread
 * (Java 21+) rather than a platform thread; {@code threads} then bounds how many messages
 * run at once (not in Python)
 */
public record WorkerOptions(int threads, Duration workerTimeout, int queuePrefetch, int delayQueuePrefetch,
		Set<String> queues, Duration shutdownTimeout, Duration restartDelay, Duration maxRestartDelay,
		boolean virtualThreads) {

	/** Python Dramatiq's default number of worker threads. */
	public static final int DEFAULT_THREADS = 8;

	/** Python Dramatiq's default {@code worker_timeout}. */
	public static final Duration DEFAULT_WORKER_TIMEOUT = Duration.ofMillis(1000);

	/** Python Dramatiq's default graceful stop timeout. */
	public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofMillis(600000);

	/** Python Dramatiq's default consumer restart delay. */
	public static final Duration DEFAULT_RESTART_DELAY = Duration.ofMillis(3000);

	/** Default longest wait between two restarts of a consumer that keeps failing. */
	public static final Duration DEFAULT_MAX_RESTART_DELAY = Duration.ofSeconds(30);

	/** Upper bound of any prefetch, as in Python Dramatiq. */
	public static final int MAX_PREFETCH = 65535;

	/**
	 * Check the components and apply defaults.
	 * @param threads worker threads (8)
	 * @param workerTimeout longest wait of a consumer for a message before it checks
	 * whether
	 * @param queuePrefetch outstanding messages per queue; 0 means {@code 2 × threads}
	 * @param delayQueuePrefetch outstanding messages per delay queue; 0 means
	 * @param queues canonical queues to consume; empty means every declared queue
	 * @param shutdownTimeout how long a graceful stop waits for running actors (10 min)
	 * @param restartDelay how long a failed consumer waits before it restarts (3 s); the
	 * wait
	 * @param maxRestartDelay the longest a consumer waits between two attempts to restart
	 * (30
	 * @param virtualThreads whether the worker threads are virtual threads
	 */
	public WorkerOptions {
		if (threads < 1) {
			throw new IllegalArgumentException("Worker threads must be at least 1 but was " + threads + ".");
		}
		queues = (queues != null) ? Set.copyOf(queues) : Set.of();
		if (maxRestartDelay == null) {
			maxRestartDelay = DEFAULT_MAX_RESTART_DELAY;
		}
	}

	/**
	 * Create options with platform worker threads.
	 * @param threads worker threads
	 * @param workerTimeout how long consumers wait for a message
	 * @param queuePrefetch outstanding messages per queue; 0 means {@code 2 × threads}
	 * @param delayQueuePrefetch outstanding messages per delay queue; 0 means
	 * {@code 1000 × threads}
	 * @param queues canonical queues to consume; empty means every declared queue
	 * @param shutdownTimeout how long a graceful stop waits for running actors
	 * @param restartDelay how long a failed consumer waits before it restarts
	 * @param maxRestartDelay the longest a consumer waits between two attempts to restart
	 */
	public WorkerOptions(int threads, Duration workerTimeout, int queuePrefetch, int delayQueuePrefetch,
			Set<String> queues, Duration shutdownTimeout, Duration restartDelay, Duration maxRestartDelay) {
		this(threads, workerTimeout, queuePrefetch, delayQueuePrefetch, queues, shutdownTimeout, restartDelay,
				maxRestartDelay, false);
	}

	/**
	 * Create options with the default maximum restart delay.
	 * @param threads worker threads
	 * @param workerTimeout how long consumers wait for a message
	 * @param queuePrefetch outstanding messages per queue; 0 means {@code 2 × threads}
	 * @param delayQueuePrefetch outstanding messages per delay queue; 0 means
	 * {@code 1000 × threads}
	 * @param queues canonical queues to consume; empty means every declared queue
	 * @param shutdownTimeout how long a graceful stop waits for running actors
	 * @param restartDelay how long a failed consumer waits before it restarts
	 */
	public WorkerOptions(int threads, Duration workerTimeout, int queuePrefetch, int delayQueuePrefetch,
			Set<String> queues, Duration shutdownTimeout, Duration restartDelay) {
		this(threads, workerTimeout, queuePrefetch, delayQueuePrefetch, queues, shutdownTimeout, restartDelay,
				DEFAULT_MAX_RESTART_DELAY);
	}

	/**
	 * Return the defaults, with the environment variables Python Dramatiq honours
	 * ({@code dramatiq_worker_timeout}, {@code dramatiq_queue_prefetch},
	 * {@code dramatiq_delay_queue_prefetch}, {@code dramatiq_restart_delay}) applied.
	 * @return the default options
	 */
	public static WorkerOptions defaults() {
		return new WorkerOptions(DEFAULT_THREADS,
				Duration.ofMillis(env("dramatiq_worker_timeout", DEFAULT_WORKER_TIMEOUT.toMillis())),
				(int) env("dramatiq_queue_prefetch", 0), (int) env("dramatiq_delay_queue_prefetch", 0), Set.of(),
				DEFAULT_SHUTDOWN_TIMEOUT,
				Duration.ofMillis(env("dramatiq_restart_delay", DEFAULT_RESTART_DELAY.toMillis())));
	}

	private static long env(String name, long fallback) {
		String value = System.getenv(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"Environment variable '" + name + "' must be a whole number but was '" + value + "'.", ex);
		}
	}

	/**
	 * Return a copy with another {@code threads}.
	 * @param threads the new value
	 * @return the copy
	 */
	public WorkerOptions withThreads(int threads) {
		return new WorkerOptions(threads, this.workerTimeout, this.queuePrefetch, this.delayQueuePrefetch, this.queues,
				this.shutdownTimeout, this.restartDelay, this.maxRestartDelay, this.virtualThreads);
	}

	/**
	 * Return a copy with another {@code workerTimeout}.
	 * @param workerTimeout the new value
	 * @return the copy
	 */
	public WorkerOptions withWorkerTimeout(Duration workerTimeout) {
		return new WorkerOptions(this.threads, workerTimeout, this.queuePrefetch, this.delayQueuePrefetch, this.queues,
				this.shutdownTimeout, this.restartDelay, this.maxRestartDelay, this.virtualThreads);
	}

	/**
	 * Return a copy with another {@code queuePrefetch}.
	 * @param queuePrefetch the new value
	 * @return the copy
	 */
	public WorkerOptions withQueuePrefetch(int queuePrefetch) {
		return new WorkerOptions(this.threads, this.workerTimeout, queuePrefetch, this.delayQueuePrefetch, this.queues,
				this.shutdownTimeout, this.restartDelay, this.maxRestartDelay, this.virtualThreads);
	}

	/**
	 * Return a copy with another {@code delayQueuePrefetch}.
	 * @param delayQueuePrefetch the new value
	 * @return the copy
	 */
	public WorkerOptions withDelayQueuePrefetch(int delayQueuePrefetch) {
		return new WorkerOptions(this.threads, this.workerTimeout, this.queuePrefetch, delayQueuePrefetch, this.queues,
				this.shutdownTimeout, this.restartDelay, this.maxRestartDelay, this.virtualThreads);
	}

	/**
	 * Return a copy with another {@code queues}.
	 * @param queues the new value
	 * @return the copy
	 */
	public WorkerOptions withQueues(Set<String> queues) {
		return new WorkerOptions(this.threads, this.workerTimeout, this.queuePrefetch, this.delayQueuePrefetch, queues,
				this.shutdownTimeout, this.restartDelay, this.maxRestartDelay, this.virtualThreads);
	}

	/**
	 * Return a copy with another {@code shutdownTimeout}.
	 * @param shutdownTimeout the new value
	 * @return the copy
	 */
	public WorkerOptions withShutdownTimeout(Duration shutdownTimeout) {
		return new WorkerOptions(this.threads, this.workerTimeout, this.queuePrefetch, this.delayQueuePrefetch,
				this.queues, shutdownTimeout, this.restartDelay, this.maxRestartDelay, this.virtualThreads);
	}

	/**
	 * Return a copy with another {@code restartDelay}.
	 * @param restartDelay the new value
	 * @return the copy
	 */
	public WorkerOptions withRestartDelay(Duration restartDelay) {
		return new WorkerOptions(this.threads, this.workerTimeout, this.queuePrefetch, this.delayQueuePrefetch,
				this.queues, this.shutdownTimeout, restartDelay, this.maxRestartDelay, this.virtualThreads);
	}

	/**
	 * Return a copy with another {@code maxRestartDelay}.
	 * @param maxRestartDelay the new value
	 * @return the copy
	 */
	public WorkerOptions withMaxRestartDelay(Duration maxRestartDelay) {
		return new WorkerOptions(this.threads, this.workerTimeout, this.queuePrefetch, this.delayQueuePrefetch,
				this.queues, this.shutdownTimeout, this.restartDelay, maxRestartDelay, this.virtualThreads);
	}

	/**
	 * Return a copy that runs its worker threads as virtual threads, or as platform
	 * threads.
	 * @param virtualThreads whether to use virtual threads (Java 21+)
	 * @return the copy
	 */
	public WorkerOptions withVirtualThreads(boolean virtualThreads) {
		return new WorkerOptions(this.threads, this.workerTimeout, this.queuePrefetch, this.delayQueuePrefetch,
				this.queues, this.shutdownTimeout, this.restartDelay, this.maxRestartDelay, virtualThreads);
	}

	/**
	 * Return the effective prefetch of a canonical queue: {@code min(2 × threads, 65535)}
	 * unless set.
	 * @return the prefetch
	 */
	public int effectiveQueuePrefetch() {
		return Math.min((this.queuePrefetch > 0) ? this.queuePrefetch : 2 * this.threads, MAX_PREFETCH);
	}

	/**
	 * Return the effective prefetch of a delay queue: {@code min(1000 × threads, 65535)}
	 * unless set.
	 * @return the prefetch
	 */
	public int effectiveDelayQueuePrefetch() {
		return Math.min((this.delayQueuePrefetch > 0) ? this.delayQueuePrefetch : 1000 * this.threads, MAX_PREFETCH);
	}

}
