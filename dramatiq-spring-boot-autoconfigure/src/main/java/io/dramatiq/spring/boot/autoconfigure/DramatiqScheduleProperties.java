package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;

import io.dramatiq.schedule.MissedTicks;

/**
 * The schedule of one periodic actor, under {@code dramatiq.schedules.<actor>}: set
 * exactly one of {@code cron} and {@code fixed-rate}. Settings left unset fall back to
 * the actor's {@link io.dramatiq.schedule.Periodic @Periodic} attributes, if any.
 */
public class DramatiqScheduleProperties {

	/**
	 * Cron expression in Spring's six-field format (second, minute, hour, day of month,
	 * month, day of week), such as "0 0/5 * * * *", or a macro such as "@hourly".
	 */
	private String cron;

	/**
	 * Time between two ticks; ticks fall on the multiples of the rate since the epoch.
	 */
	private Duration fixedRate;

	/**
	 * Time zone the cron expression is read in, such as "Europe/Paris"; UTC when not set.
	 */
	private String zone;

	/**
	 * What to do about ticks missed while no instance ran: skip them, or enqueue one
	 * message for all of them at start-up.
	 */
	private MissedTicks missedTicks;

	/**
	 * Whether the actor is periodic; false turns off the schedule of its @Periodic
	 * annotation.
	 */
	private Boolean enabled;

	/**
	 * Return the {@code cron} setting.
	 * @return the {@code cron} setting
	 */
	public String getCron() {
		return this.cron;
	}

	/**
	 * Set the {@code cron} setting.
	 * @param cron the new value
	 */
	public void setCron(String cron) {
		this.cron = cron;
	}

	/**
	 * Return the {@code fixed-rate} setting.
	 * @return the {@code fixed-rate} setting
	 */
	public Duration getFixedRate() {
		return this.fixedRate;
	}

	/**
	 * Set the {@code fixed-rate} setting.
	 * @param fixedRate the new value
	 */
	public void setFixedRate(Duration fixedRate) {
		this.fixedRate = fixedRate;
	}

	/**
	 * Return the {@code zone} setting.
	 * @return the {@code zone} setting
	 */
	public String getZone() {
		return this.zone;
	}

	/**
	 * Set the {@code zone} setting.
	 * @param zone the new value
	 */
	public void setZone(String zone) {
		this.zone = zone;
	}

	/**
	 * Return the {@code missed-ticks} setting.
	 * @return the {@code missed-ticks} setting
	 */
	public MissedTicks getMissedTicks() {
		return this.missedTicks;
	}

	/**
	 * Set the {@code missed-ticks} setting.
	 * @param missedTicks the new value
	 */
	public void setMissedTicks(MissedTicks missedTicks) {
		this.missedTicks = missedTicks;
	}

	/**
	 * Return the {@code enabled} setting.
	 * @return the {@code enabled} setting
	 */
	public Boolean getEnabled() {
		return this.enabled;
	}

	/**
	 * Set the {@code enabled} setting.
	 * @param enabled the new value
	 */
	public void setEnabled(Boolean enabled) {
		this.enabled = enabled;
	}

}
