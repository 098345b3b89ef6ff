package io.dramatiq.schedule;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes an {@link io.dramatiq.actor.Actor @Actor} method periodic: its message is
 * enqueued, with no arguments, on every tick of a cron expression or of a fixed rate,
 * once per tick however many instances of the application run. The method must take no
 * parameter.
 *
 * <pre class="code">
 * &#64;Actor(name = "purge_sessions")
 * &#64;Periodic(cron = "0 *&#47;5 * * * *", zone = "Europe/Paris")
 * public void purgeSessions() { ... }
 * </pre>
 *
 * Set exactly one of {@link #cron()} and {@link #fixedRate()}. The properties
 * {@code dramatiq.schedules.<actor>.*} override the attributes.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Periodic {

	/**
	 * Cron expression in Spring's six-field format (second, minute, hour, day of month,
	 * month, day of week), such as {@code "0 *&#47;5 * * * *"}, or a macro such as
	 * {@code "@hourly"}.
	 * @return the cron expression, or empty for a fixed rate
	 */
	String cron() default "";

	/**
	 * Time zone the cron expression is read in, such as {@code "Europe/Paris"}; UTC when
	 * empty.
	 * @return the time zone id, or empty for UTC
	 */
	String zone() default "";

	/**
	 * Time between two ticks, such as {@code "30s"} or {@code "5m"}; ticks fall on the
	 * multiples of the rate since the epoch.
	 * @return the rate, or empty for a cron expression
	 */
	String fixedRate() default "";

	/**
	 * What to do about ticks missed while no instance ran.
	 * @return the policy
	 */
	MissedTicks missedTicks() default MissedTicks.SKIP;

}
