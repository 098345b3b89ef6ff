package io.dramatiq.schedule;

import java.util.Objects;

/**
 * A periodic actor: the actor whose message is enqueued, with no arguments, on every tick
 * of a trigger.
 *
 * @param actorName the actor
 * @param trigger when it ticks
 * @param zone the time zone the trigger is read in, for people (such as
 * {@code Europe/Paris}), or {@code null} when it does not depend on one
 * @param missedTicks what to do about ticks missed while no instance ran
 */
public record Schedule(String actorName, ScheduleTrigger trigger, String zone, MissedTicks missedTicks) {

	/**
	 * Create a schedule.
	 * @param actorName the actor
	 * @param trigger when it ticks
	 * @param zone the time zone, or {@code null}
	 * @param missedTicks what to do about missed ticks
	 */
	public Schedule {
		Objects.requireNonNull(actorName, "'actorName' must not be null");
		Objects.requireNonNull(trigger, "'trigger' must not be null");
		Objects.requireNonNull(missedTicks, "'missedTicks' must not be null");
	}

}
