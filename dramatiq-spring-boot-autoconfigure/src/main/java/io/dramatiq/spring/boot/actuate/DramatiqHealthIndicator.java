package io.dramatiq.spring.boot.actuate;

import java.util.List;
import java.util.Objects;

import io.dramatiq.Credentials;
import io.dramatiq.broker.Broker;
import io.dramatiq.spring.WorkerContainer;
import io.dramatiq.worker.Worker;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of Dramatiq: UP when the broker answers and the worker, if there is one, runs.
 * DOWN when the broker cannot be reached (with the {@code error}, credentials removed),
 * or when the worker stopped although its container was not asked to stop it. Details:
 * {@code broker} (its type), and {@code worker} ({@code running}, {@code stopped} or
 * {@code stopped unexpectedly}) with its {@code threads} and consumed {@code queues} when
 * the application runs a worker.
 */
public class DramatiqHealthIndicator implements HealthIndicator {

	private final Broker broker;

	private final WorkerContainer container;

	/**
	 * Create an indicator.
	 * @param broker the broker
	 * @param container the worker container, or {@code null} when the application only
	 * sends messages
	 */
	public DramatiqHealthIndicator(Broker broker, WorkerContainer container) {
		this.broker = Objects.requireNonNull(broker, "'broker' must not be null");
		this.container = container;
	}

	@Override
	public Health health() {
		Health.Builder builder = Health.up().withDetail("broker", this.broker.type());
		try {
			this.broker.ping();
		}
		catch (RuntimeException ex) {
			// as Health.Builder.withException, without any user or password the message
			// may quote
			builder.down().withDetail("error", ex.getClass().getName() + ": " + Credentials.redact(ex.getMessage()));
		}
		if (this.container != null) {
			Worker worker = this.container.getWorker();
			boolean running = worker.isRunning();
			boolean unexpected = !running && this.container.isRunning();
			builder.withDetail("worker", running ? "running" : (unexpected ? "stopped unexpectedly" : "stopped"))
				.withDetail("threads", worker.options().threads())
				.withDetail("queues", List.copyOf(worker.consumedQueues()));
			if (unexpected) {
				builder.down();
			}
		}
		return builder.build();
	}

}
