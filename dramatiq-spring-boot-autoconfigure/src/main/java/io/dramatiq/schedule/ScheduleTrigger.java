package io.dramatiq.schedule;

import java.time.Instant;

/**
 * When a schedule ticks. Every instance of an application computes the same ticks from
 * the same trigger, so a tick's time identifies it across instances.
 */
public interface ScheduleTrigger {

	/**
	 * Return the first tick strictly after the given time.
	 * @param after the time
	 * @return the next tick, or {@code null} if the trigger never ticks again
	 */
	Instant next(Instant after);

	/**
	 * Describe the trigger for people, such as {@code cron "0 0/5 * * * *"} or
	 * {@code every 30s}.
	 * @return the description
	 */
	String expression();

}
