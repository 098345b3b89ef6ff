package io.dramatiq.spring.boot.autoconfigure;

/**
 * Settings of typed actor clients, {@code dramatiq.actor-clients.*}.
 */
public class DramatiqActorClientsProperties {

	/**
	 * Whether to register a bean for each @ActorClient interface in the application's
	 * packages (those of @SpringBootApplication). @EnableActorClients replaces this scan.
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
