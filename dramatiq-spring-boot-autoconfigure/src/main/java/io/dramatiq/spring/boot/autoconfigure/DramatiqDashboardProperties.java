package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;

import io.dramatiq.middleware.MessageHistory;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Dramatiq dashboard, under {@code dramatiq.dashboard}. Who may requeue
 * and delete, and who sees arguments, follows the {@code dramatiq} endpoint's
 * {@code management.endpoint.dramatiq.*} settings.
 */
@ConfigurationProperties(DramatiqDashboardProperties.PREFIX)
public class DramatiqDashboardProperties {

	static final String PREFIX = "dramatiq.dashboard";

	/**
	 * Whether to serve the dashboard.
	 */
	private boolean enabled;

	/**
	 * Path of the dashboard in the application, its JSON API under '<path>/api'.
	 */
	private String path = "/dramatiq";

	/**
	 * How often the queues page refreshes its counts.
	 */
	private Duration refreshInterval = Duration.ofSeconds(2);

	/**
	 * How many messages this process remembers the history of, for the message page.
	 */
	private int recentMessages = MessageHistory.DEFAULT_MESSAGES;

	/**
	 * How many recent failures this process remembers, with their tracebacks.
	 */
	private int recentFailures = MessageHistory.DEFAULT_FAILURES;

	/**
	 * Return the {@code enabled} setting.
	 * @return the value
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Set the {@code enabled} setting.
	 * @param enabled the value
	 */
	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Return the {@code path} setting.
	 * @return the value
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Set the {@code path} setting.
	 * @param path the value
	 */
	public void setPath(String path) {
		this.path = path;
	}

	/**
	 * Return the {@code refreshInterval} setting.
	 * @return the value
	 */
	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	/**
	 * Set the {@code refreshInterval} setting.
	 * @param refreshInterval the value
	 */
	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	/**
	 * Return the {@code recentMessages} setting.
	 * @return the value
	 */
	public int getRecentMessages() {
		return this.recentMessages;
	}

	/**
	 * Set the {@code recentMessages} setting.
	 * @param recentMessages the value
	 */
	public void setRecentMessages(int recentMessages) {
		this.recentMessages = recentMessages;
	}

	/**
	 * Return the {@code recentFailures} setting.
	 * @return the value
	 */
	public int getRecentFailures() {
		return this.recentFailures;
	}

	/**
	 * Set the {@code recentFailures} setting.
	 * @param recentFailures the value
	 */
	public void setRecentFailures(int recentFailures) {
		this.recentFailures = recentFailures;
	}

	/**
	 * Check the settings.
	 * @throws DramatiqPropertyException naming a bad setting
	 */
	void validate() {
		if (this.path == null || !this.path.matches("/[A-Za-z0-9._~\\-/]*") || this.path.endsWith("/")
				|| this.path.contains("//")) {
			throw new DramatiqPropertyException(PREFIX + ".path", this.path,
					"Property '" + PREFIX + ".path' must start with '/', not end with '/' and hold only letters,"
							+ " digits and '.', '_', '~', '-', '/' but was '" + this.path + "'.",
					"Set '" + PREFIX + ".path' to a path such as /dramatiq or /admin/tasks.");
		}
		if (this.refreshInterval == null || this.refreshInterval.toMillis() < 100) {
			throw DramatiqPropertyException.atLeast(PREFIX + ".refresh-interval", this.refreshInterval, "100ms");
		}
		if (this.recentMessages < 0) {
			throw DramatiqPropertyException.atLeast(PREFIX + ".recent-messages", this.recentMessages, "0");
		}
		if (this.recentFailures < 0) {
			throw DramatiqPropertyException.atLeast(PREFIX + ".recent-failures", this.recentFailures, "0");
		}
	}

}
