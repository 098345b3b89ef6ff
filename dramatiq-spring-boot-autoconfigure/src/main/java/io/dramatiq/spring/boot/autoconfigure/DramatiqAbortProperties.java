package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;

/**
 * Settings of aborting messages by id, {@code dramatiq.abort.*}: Python's dramatiq-abort
 * add-on. Whether one actor's messages can be aborted is its {@code abortable} option.
 */
public class DramatiqAbortProperties {

	/**
	 * Whether to install the Abortable middleware, so that messages can be aborted by id,
	 * queued or running.
	 */
	private boolean enabled = false;

	/**
	 * Where abort requests travel: redis, rabbitmq or stub. When not set, the broker's
	 * type.
	 */
	private AbortBackendType backend;

	/**
	 * Whether messages can be aborted when neither they nor their actor set the
	 * 'abortable' option.
	 */
	private boolean abortable = true;

	/**
	 * How long a worker waits for abort requests of its running messages at a time; Redis
	 * waits whole seconds.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * How long an abort request is kept when no worker consumes it; abort a queued
	 * message no longer before it comes up.
	 */
	private Duration ttl = Duration.ofSeconds(90);

	/**
	 * Prefix of the Redis keys of abort requests; Python services that abort the same
	 * messages must use the same.
	 */
	private String namespace = "dramatiq:aborts:";

	/**
	 * RabbitMQ fanout exchange that broadcasts abort requests to every worker.
	 */
	private String exchange = "dramatiq.aborts";

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

	/**
	 * Return the {@code backend} setting.
	 * @return the {@code backend} setting, or {@code null} for the broker's type
	 */
	public AbortBackendType getBackend() {
		return this.backend;
	}

	/**
	 * Set the {@code backend} setting.
	 * @param backend the new value
	 */
	public void setBackend(AbortBackendType backend) {
		this.backend = backend;
	}

	/**
	 * Return the {@code abortable} setting.
	 * @return the {@code abortable} setting
	 */
	public boolean isAbortable() {
		return this.abortable;
	}

	/**
	 * Set the {@code abortable} setting.
	 * @param abortable the new value
	 */
	public void setAbortable(boolean abortable) {
		this.abortable = abortable;
	}

	/**
	 * Return the {@code poll-interval} setting.
	 * @return the {@code poll-interval} setting
	 */
	public Duration getPollInterval() {
		return this.pollInterval;
	}

	/**
	 * Set the {@code poll-interval} setting.
	 * @param pollInterval the new value
	 */
	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	/**
	 * Return the {@code ttl} setting.
	 * @return the {@code ttl} setting
	 */
	public Duration getTtl() {
		return this.ttl;
	}

	/**
	 * Set the {@code ttl} setting.
	 * @param ttl the new value
	 */
	public void setTtl(Duration ttl) {
		this.ttl = ttl;
	}

	/**
	 * Return the {@code namespace} setting.
	 * @return the {@code namespace} setting
	 */
	public String getNamespace() {
		return this.namespace;
	}

	/**
	 * Set the {@code namespace} setting.
	 * @param namespace the new value
	 */
	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	/**
	 * Return the {@code exchange} setting.
	 * @return the {@code exchange} setting
	 */
	public String getExchange() {
		return this.exchange;
	}

	/**
	 * Set the {@code exchange} setting.
	 * @param exchange the new value
	 */
	public void setExchange(String exchange) {
		this.exchange = exchange;
	}

}
