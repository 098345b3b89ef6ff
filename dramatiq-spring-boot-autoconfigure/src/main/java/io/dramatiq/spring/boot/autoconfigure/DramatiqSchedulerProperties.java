package io.dramatiq.spring.boot.autoconfigure;

/**
 * Settings of the scheduler of periodic actors, {@code dramatiq.scheduler.*}.
 */
public class DramatiqSchedulerProperties {

	/**
	 * Whether this instance enqueues the messages of periodic actors; it shares each tick
	 * with the other instances through the broker, with or without a worker.
	 */
	private boolean enabled = true;

	/**
	 * Return the {@code enabled} setting.
	 * @return the {@code enabled} setting
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set the {@code enabled} setting.
	 * @param enabled the new value
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

}
