package io.dramatiq.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Ticks at a fixed rate, on the multiples of the period since the epoch (a rate of 30 s
 * ticks at :00 and :30 of every minute), so that every instance ticks at the same times
 * whenever it started.
 *
 * @param period the time between two ticks, at least a millisecond
 */
public record FixedRateTrigger(Duration period) implements ScheduleTrigger {

	/**
	 * Create a trigger.
	 * @param period the time between two ticks, at least a millisecond
	 * @throws IllegalArgumentException if the period is shorter than a millisecond
	 */
	public FixedRateTrigger {
		Objects.requireNonNull(period, "'period' must not be null");
		if (period.toMillis() < 1) {
			throw new IllegalArgumentException("The rate must be at least 1ms but was " + period + ".");
		}
	}

	@Override
	public Instant next(Instant after) {
		long periodMillis = this.period.toMillis();
		long afterMillis = after.toEpochMilli();
		return Instant.ofEpochMilli(Math.floorDiv(afterMillis, periodMillis) * periodMillis + periodMillis);
	}

	@Override
	public String expression() {
		return "every " + this.period.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
	}

}
