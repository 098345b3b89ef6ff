package io.dramatiq.spring.boot.dashboard;

import java.util.Objects;

import io.dramatiq.metrics.DramatiqMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The totals of a queue read from the counters the {@link DramatiqMetrics} middleware
 * keeps, summed over the queue's actors.
 */
public class MeterMessageTotals implements MessageTotals.Source {

	private final MeterRegistry registry;

	/**
	 * Create the totals.
	 * @param registry the registry that holds Dramatiq's meters
	 */
	public MeterMessageTotals(MeterRegistry registry) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
	}

	@Override
	public MessageTotals of(String queueName) {
		return new MessageTotals(sum(DramatiqMetrics.MESSAGES, queueName),
				sum(DramatiqMetrics.MESSAGE_ERRORS, queueName));
	}

	private long sum(String name, String queueName) {
		return (long) this.registry.find(name)
			.tag(DramatiqMetrics.QUEUE_NAME_TAG, queueName)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

}
