package io.dramatiq.spring;

import java.time.Duration;
import java.util.Objects;

import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.context.support.DefaultLifecycleProcessor;

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
 * its timeout for the container's shutdown phase. So that it does not give up before the
 * worker has stopped (and then destroy the broker under running actors), the container
 * asks Spring's {@link DefaultLifecycleProcessor} for a longer timeout for its own phase
 * when the worker needs more than the default one; with another lifecycle processor it
 * logs a warning at start-up.
 */
public class WorkerContainer implements SmartLifecycle, BeanFactoryAware {

	/**
	 * Phase of the container: after Spring Boot's web server (which starts at
	 * {@code DEFAULT_PHASE - 2048}) and its graceful shutdown ({@code - 1024}).
	 */
	public static final int DEFAULT_PHASE = SmartLifecycle.DEFAULT_PHASE - 100;

	/**
	 * Time a lifecycle processor gives each shutdown phase unless told otherwise: that of
	 * {@link DefaultLifecycleProcessor} and of Spring Boot.
	 */
	public static final Duration DEFAULT_SHUTDOWN_PHASE_TIMEOUT = Duration.ofSeconds(30);

	/**
	 * Time allowed, on top of the shutdown and worker timeouts, to close the consumers
	 * and give prefetched messages back.
	 */
	private static final Duration STOP_MARGIN = Duration.ofSeconds(10);

	private static final Logger logger = LoggerFactory.getLogger(WorkerContainer.class);

	private final Worker worker;

	private final Object monitor = new Object();

	private int phase = DEFAULT_PHASE;

	private boolean autoStartup = true;

	private Duration shutdownPhaseTimeout = DEFAULT_SHUTDOWN_PHASE_TIMEOUT;

	private BeanFactory beanFactory;

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
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
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
		if (this.beanFactory != null) {
			extendShutdownPhase();
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

	/**
	 * Make sure Spring waits for the worker's graceful stop: ask the lifecycle processor
	 * for enough time for this container's phase, or warn that it may cut the stop short.
	 */
	private void extendShutdownPhase() {
		WorkerOptions options = this.worker.options();
		Duration needed = options.shutdownTimeout().plus(options.workerTimeout()).plus(STOP_MARGIN);
		if (needed.compareTo(this.shutdownPhaseTimeout) <= 0) {
			return;
		}
		String name = AbstractApplicationContext.LIFECYCLE_PROCESSOR_BEAN_NAME;
		Object processor = this.beanFactory.containsBean(name) ? this.beanFactory.getBean(name) : null;
		if (processor instanceof DefaultLifecycleProcessor defaultProcessor) {
			defaultProcessor.setTimeoutForShutdownPhase(getPhase(), needed.toMillis());
			logger.debug(
					"Shutdown phase {} of the worker may take {} (dramatiq.worker.shutdown-timeout {} and time to"
							+ " stop consuming), longer than spring.lifecycle.timeout-per-shutdown-phase ({}).",
					getPhase(), needed, options.shutdownTimeout(), this.shutdownPhaseTimeout);
			return;
		}
		logger.warn("dramatiq.worker.shutdown-timeout ({}) is longer than spring.lifecycle.timeout-per-shutdown-phase"
				+ " ({}), and the lifecycle processor {} cannot be given a longer timeout for the worker's phase:"
				+ " on shutdown, Spring stops waiting for running actors after {} and destroys the broker under"
				+ " them; their messages are delivered again."
				+ " Raise spring.lifecycle.timeout-per-shutdown-phase to at least {} or lower"
				+ " dramatiq.worker.shutdown-timeout.", options.shutdownTimeout(), this.shutdownPhaseTimeout,
				(processor != null) ? processor.getClass().getName() : "(none)", this.shutdownPhaseTimeout, needed);
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

	/**
	 * Return the time the lifecycle processor gives each shutdown phase unless told
	 * otherwise.
	 * @return the timeout
	 */
	public Duration getShutdownPhaseTimeout() {
		return this.shutdownPhaseTimeout;
	}

	/**
	 * Set the time the lifecycle processor gives each shutdown phase unless told
	 * otherwise ({@code spring.lifecycle.timeout-per-shutdown-phase} in Spring Boot).
	 * When the worker's shutdown timeout needs more, the container asks for more for its
	 * own phase.
	 * @param shutdownPhaseTimeout the timeout
	 */
	public void setShutdownPhaseTimeout(Duration shutdownPhaseTimeout) {
		this.shutdownPhaseTimeout = Objects.requireNonNull(shutdownPhaseTimeout,
				"'shutdownPhaseTimeout' must not be null");
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
