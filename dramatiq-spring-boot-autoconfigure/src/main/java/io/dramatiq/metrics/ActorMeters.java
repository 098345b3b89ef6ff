package io.dramatiq.metrics;

import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The meters of one actor on one canonical queue, resolved once so that the hooks only
 * look them up. The names and labels are those of Python Dramatiq's {@code Prometheus}
 * middleware, so dashboards built for it work; the help texts are our own.
 */
final class ActorMeters {

	/**
	 * Buckets of Python Dramatiq's duration histogram, in milliseconds (Prometheus adds
	 * {@code +Inf}).
	 */
	static final double[] DURATION_BUCKETS = { 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000,
			30000, 60000, 600000, 900000 };

	final Counter messages;

	final Counter errors;

	final Counter retries;

	final Counter rejects;

	final AtomicLong inProgress = new AtomicLong();

	final AtomicLong delayed = new AtomicLong();

	final DistributionSummary duration;

	ActorMeters(MeterRegistry registry, String queueName, String actorName) {
		Tags tags = Tags.of(DramatiqMetrics.QUEUE_NAME_TAG, queueName, DramatiqMetrics.ACTOR_NAME_TAG, actorName);
		this.messages = Counter.builder(DramatiqMetrics.MESSAGES)
			.description("Messages this actor has handled, whatever the outcome.")
			.tags(tags)
			.register(registry);
		this.errors = Counter.builder(DramatiqMetrics.MESSAGE_ERRORS)
			.description("Messages whose actor threw an exception.")
			.tags(tags)
			.register(registry);
		this.retries = Counter.builder(DramatiqMetrics.MESSAGE_RETRIES)
			.description("Messages sent again by the Retries middleware after a failure.")
			.tags(tags)
			.register(registry);
		this.rejects = Counter.builder(DramatiqMetrics.MESSAGE_REJECTS)
			.description("Messages moved to the dead-letter queue.")
			.tags(tags)
			.register(registry);
		Gauge.builder(DramatiqMetrics.MESSAGES_IN_PROGRESS, this.inProgress, AtomicLong::get)
			.description("Messages an actor is running right now.")
			.tags(tags)
			.register(registry);
		Gauge.builder(DramatiqMetrics.DELAYED_MESSAGES_IN_PROGRESS, this.delayed, AtomicLong::get)
			.description("Delayed messages a worker holds until their ETA.")
			.tags(tags)
			.register(registry);
		this.duration = DistributionSummary.builder(DramatiqMetrics.MESSAGE_DURATION)
			.description("How long the actor took to handle a message, in milliseconds.")
			.baseUnit(DramatiqMetrics.MILLISECONDS)
			.serviceLevelObjectives(DURATION_BUCKETS)
			.tags(tags)
			.register(registry);
	}

}
