package io.dramatiq.spring;

import java.util.Objects;

import io.dramatiq.schedule.Scheduler;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a {@link Scheduler} with the application context: it starts just after the
 * {@link WorkerContainer}, once every actor is declared, and stops just before it,
 * releasing the schedule lock (on RabbitMQ, the leaderships) so that another instance
 * takes over on the next tick. It runs whether or not the application has a worker, so an
 * application that only sends still enqueues its periodic actors' messages.
 */
public class SchedulerContainer implements SmartLifecycle, DisposableBean {

	/** Phase of the container: just after the worker container's. */
	public static final int DEFAULT_PHASE = WorkerContainer.DEFAULT_PHASE + 1;

	private final Scheduler scheduler;

	private int phase = DEFAULT_PHASE;

	/**
	 * Create a container.
	 * @param scheduler the scheduler to run
	 */
	public SchedulerContainer(Scheduler scheduler) {
		this.scheduler = Objects.requireNonNull(scheduler, "'scheduler' must not be null");
	}

	/**
	 * Return the scheduler.
	 * @return the scheduler
	 */
	public Scheduler getScheduler() {
		return this.scheduler;
	}

	@Override
	public void start() {
		this.scheduler.start();
	}

	@Override
	public void stop() {
		this.scheduler.close();
	}

	@Override
	public boolean isRunning() {
		return this.scheduler.isRunning();
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
	public void destroy() {
		this.scheduler.close();
	}

}
