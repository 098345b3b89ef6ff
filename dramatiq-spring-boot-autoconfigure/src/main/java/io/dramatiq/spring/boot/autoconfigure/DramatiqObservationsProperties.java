package io.dramatiq.spring.boot.autoconfigure;

/**
 * Settings of Dramatiq's Micrometer observations, {@code dramatiq.observations.*}.
 */
public class DramatiqObservationsProperties {

	/**
	 * Whether sends and runs of messages are observed (dramatiq.send and
	 * dramatiq.process), which traces them when Micrometer Tracing is set up.
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
