package io.dramatiq.spring;

import java.util.Objects;

import io.dramatiq.worker.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link Worker} with the application context, as the {@code dramatiq} command
 * runs workers next to a Python application. It starts in a late phase, after the web
 * server and every actor bean, and stops in an early one, before them.
 * <p>
 * While the worker runs, the container holds a non-daemon thread, as Spring Boot's
 * {@code spring.main.keep-alive} and Spring AMQP's listener containers do, so that an
 * application without a web server keeps running until it is stopped (SIGTERM, or the
 * context is closed).
 * <p>
 * Stopping is graceful and asynchronous: a separate thread calls {@link Worker#stop()},
 * which waits for running actors up to the worker's shutdown timeout and gives prefetched
 * messages back to the broker, then signals Spring. Spring waits for that signal at most
 * {@code spring.lifecycle.timeout-per-shutdown-phase} (30 s in Spring Boot), which
 * therefore caps the shutdown timeout.
 */
public class WorkerContainer implements SmartLifecycle {

	/**
	 * Phase of the container: after Spring Boot's web server (which starts at
	 * {@code DEFAULT_PHASE - 2048}) and its graceful shutdown ({@code - 1024}).
	 */
	public static final int DEFAULT_PHASE = SmartLifecycle.DEFAULT_PHASE - 100;

	private static final Logger logger = LoggerFactory.getLogger(WorkerContainer.class);

	private final Worker worker;

	private final Object monitor = new Object();

	private int phase = DEFAULT_PHASE;

	private boolean autoStartup = true;

	private volatile boolean running;

	/**
	 * Create a container.
	 * @param worker the worker to run
	 */
	public WorkerContainer(Worker worker) {
		this.worker = Objects.requireNonNull(worker, "'worker' must not be null");
	}

	/**
	 * Return the worker.
	 * @return the worker
	 */
	public Worker getWorker() {
		return this.worker;
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			this.worker.start();
			this.running = true;
			Thread keepAlive = new Thread(this::keepAlive, "dramatiq-keep-alive");
			keepAlive.setDaemon(false);
			keepAlive.start();
		}
	}

	/**
	 * Keep the JVM alive while the worker runs: its threads are daemons, like Python's.
	 */
	private void keepAlive() {
		synchronized (this.monitor) {
			while (this.running) {
				try {
					this.monitor.wait();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			if (this.running) {
				this.running = false;
				this.monitor.notifyAll();
				this.worker.stop();
			}
		}
	}

	@Override
	public void stop(Runnable callback) {
		synchronized (this.monitor) {
			if (!this.running) {
				callback.run();
				return;
			}
			this.running = false;
			this.monitor.notifyAll();
		}
		Thread stopper = new Thread(() -> {
			try {
				this.worker.stop();
			}
			catch (RuntimeException ex) {
				logger.error("Worker failed to stop cleanly.", ex);
			}
			finally {
				callback.run();
			}
		}, "dramatiq-worker-shutdown");
		// the JVM must not exit halfway through the graceful stop
		stopper.setDaemon(false);
		stopper.start();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return this.phase;
	}

	/**
	 * Set the phase in which the container starts and stops.
	 * @param phase the phase
	 */
	public void setPhase(int phase) {
		this.phase = phase;
	}

	@Override
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Set whether the container starts with the application context.
	 * @param autoStartup whether to start automatically
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

}
