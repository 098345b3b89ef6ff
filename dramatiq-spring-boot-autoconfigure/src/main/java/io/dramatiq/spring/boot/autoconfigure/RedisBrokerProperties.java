package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;

import io.dramatiq.broker.redis.RedisBrokerOptions;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the Redis broker ({@code dramatiq.broker.redis.*}). The connection itself
 * comes from Boot's {@code spring.data.redis.*}. Defaults are Python Dramatiq's, so Java
 * and Python workers sharing a namespace behave alike.
 */
@ConfigurationProperties("dramatiq.broker.redis")
public class RedisBrokerProperties {

	private static final String PREFIX = "dramatiq.broker.redis.";

	/**
	 * Prefix of every key the broker writes; Python Dramatiq workers must use the same
	 * namespace to share queues.
	 */
	private String namespace = "dramatiq";

	/**
	 * Chance, out of 1000000, that a broker command also runs maintenance: giving back
	 * the messages of dead workers and deleting expired dead letters.
	 */
	private int maintenanceChance = 1000;

	/**
	 * How long a worker may stay silent before other workers take it for dead and give
	 * its unacknowledged messages back to their queues.
	 */
	private Duration heartbeatTimeout = Duration.ofSeconds(60);

	/**
	 * How long dead-lettered messages are kept.
	 */
	private Duration deadMessageTtl = Duration.ofDays(7);

	public String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	public int getMaintenanceChance() {
		return this.maintenanceChance;
	}

	public void setMaintenanceChance(int maintenanceChance) {
		this.maintenanceChance = maintenanceChance;
	}

	public Duration getHeartbeatTimeout() {
		return this.heartbeatTimeout;
	}

	public void setHeartbeatTimeout(Duration heartbeatTimeout) {
		this.heartbeatTimeout = heartbeatTimeout;
	}

	public Duration getDeadMessageTtl() {
		return this.deadMessageTtl;
	}

	public void setDeadMessageTtl(Duration deadMessageTtl) {
		this.deadMessageTtl = deadMessageTtl;
	}

	/**
	 * Check the values and turn them into broker options with a fresh broker id.
	 * @return the options
	 * @throws DramatiqPropertyException naming the property whose value is wrong
	 */
	RedisBrokerOptions toOptions() {
		if (this.namespace == null || this.namespace.isBlank()) {
			throw new DramatiqPropertyException(PREFIX + "namespace", this.namespace,
					"Property '" + PREFIX + "namespace' must not be empty but was '" + this.namespace + "'.",
					"Set '" + PREFIX + "namespace' to the namespace of your Python workers, or remove it for"
							+ " Python Dramatiq's default 'dramatiq'.");
		}
		if (this.maintenanceChance < 0 || this.maintenanceChance > RedisBrokerOptions.MAINTENANCE_SCALE) {
			throw new DramatiqPropertyException(PREFIX + "maintenance-chance", this.maintenanceChance,
					"Property '" + PREFIX + "maintenance-chance' must be between 0 and "
							+ RedisBrokerOptions.MAINTENANCE_SCALE + " but was " + this.maintenanceChance + ".",
					"Set '" + PREFIX + "maintenance-chance' to a chance out of 1000000, such as Python's 1000.");
		}
		if (this.heartbeatTimeout == null || this.heartbeatTimeout.toMillis() < 1) {
			throw DramatiqPropertyException.atLeast(PREFIX + "heartbeat-timeout", this.heartbeatTimeout, "1ms");
		}
		if (this.deadMessageTtl == null || this.deadMessageTtl.isNegative()) {
			throw DramatiqPropertyException.atLeast(PREFIX + "dead-message-ttl", this.deadMessageTtl, "0ms");
		}
		return RedisBrokerOptions.defaults()
			.withNamespace(this.namespace)
			.withMaintenanceChance(this.maintenanceChance)
			.withHeartbeatTimeout(this.heartbeatTimeout)
			.withDeadMessageTtl(this.deadMessageTtl);
	}

}
