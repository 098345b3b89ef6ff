package io.dramatiq.metrics;

import java.util.function.ToLongFunction;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Broker.QueueCounts;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ready, delayed and dead message gauges of one canonical queue. The broker is asked
 * at scrape time, at most once per cache period, so the three gauges of one scrape share
 * one {@link Broker#queueCounts(String)} call. A count the broker cannot give reads as
 * {@code NaN}.
 */
final class QueueDepth {

	private static final Logger logger = LoggerFactory.getLogger(QueueDepth.class);

	private final Broker broker;

	private final String queueName;

	private final Clock clock;

	private final long cacheNanos;

	private boolean fetched;

	private long fetchedAt;

	// null when the broker failed
	private QueueCounts counts;

	QueueDepth(Broker broker, String queueName, Clock clock, long cacheNanos) {
		this.broker = broker;
		this.queueName = queueName;
		this.clock = clock;
		this.cacheNanos = cacheNanos;
	}

	void register(MeterRegistry registry) {
		gauge(registry, DramatiqMetrics.QUEUE_READY_MESSAGES, "The number of messages waiting in the queue.",
				QueueCounts::ready);
		gauge(registry, DramatiqMetrics.QUEUE_DELAYED_MESSAGES, "The number of messages waiting in the delay queue.",
				QueueCounts::delayed);
		gauge(registry, DramatiqMetrics.QUEUE_DEAD_MESSAGES, "The number of messages in the dead-letter queue.",
				QueueCounts::dead);
	}

	private void gauge(MeterRegistry registry, String name, String description, ToLongFunction<QueueCounts> count) {
		Gauge.builder(name, this, (depth) -> depth.read(count))
			.description(description)
			.baseUnit(DramatiqMetrics.MESSAGES_UNIT)
			.tag(DramatiqMetrics.QUEUE_NAME_TAG, this.queueName)
			.register(registry);
	}

	double read(ToLongFunction<QueueCounts> count) {
		QueueCounts current = counts();
		if (current == null) {
			return Double.NaN;
		}
		long value = count.applyAsLong(current);
		return (value < 0) ? Double.NaN : value;
	}

	private synchronized QueueCounts counts() {
		long now = this.clock.monotonicTime();
		if (!this.fetched || now - this.fetchedAt >= this.cacheNanos) {
			this.counts = fetch();
			this.fetched = true;
			this.fetchedAt = now;
		}
		return this.counts;
	}

	private QueueCounts fetch() {
		try {
			return this.broker.queueCounts(this.queueName);
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the message counts of queue '{}'; its gauges read NaN.", this.queueName, ex);
			return null;
		}
	}

}
