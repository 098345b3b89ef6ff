package io.dramatiq.spring;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

import io.dramatiq.schedule.ScheduleTrigger;

import org.springframework.scheduling.support.CronExpression;

/**
 * Ticks on a Spring {@link CronExpression} (six fields, from the second to the day of the
 * week, or a macro such as {@code @hourly}), read in a time zone.
 */
public final class CronScheduleTrigger implements ScheduleTrigger {

	private final String expression;

	private final CronExpression cron;

	private final ZoneId zone;

	/**
	 * Create a trigger.
	 * @param expression the cron expression
	 * @param zone the time zone it is read in
	 * @throws IllegalArgumentException if the expression is not a valid cron expression
	 */
	public CronScheduleTrigger(String expression, ZoneId zone) {
		this.expression = Objects.requireNonNull(expression, "'expression' must not be null");
		this.zone = Objects.requireNonNull(zone, "'zone' must not be null");
		this.cron = CronExpression.parse(expression);
	}

	/**
	 * Return the time zone the expression is read in.
	 * @return the zone
	 */
	public ZoneId zone() {
		return this.zone;
	}

	@Override
	public Instant next(Instant after) {
		ZonedDateTime next = this.cron.next(after.atZone(this.zone));
		return (next != null) ? next.toInstant() : null;
	}

	@Override
	public String expression() {
		return "cron \"" + this.expression + "\"";
	}

	@Override
	public String toString() {
		return expression() + " in " + this.zone;
	}

}
