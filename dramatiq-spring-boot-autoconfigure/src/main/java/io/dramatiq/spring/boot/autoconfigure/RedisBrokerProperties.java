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
	 * namespace to share queues. On a Redis Cluster it must hold a hash tag, such as
	 * '{dramatiq}', so that every key lands in one slot.
	 */
	private String namespace = "dramatiq";

	/**
	 * Chance, out of 1000000, that a broker command also runs maintenance: giving back
	 * the messages of dead workers and deleting expired dead letters. Consuming workers
	 * also run maintenance on a timer (every heartbeat-timeout / 2, at most 5 s apart).
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

	/**
	 * Return the {@code namespace} setting.
	 * @return the value
	 */
	public String getNamespace() {
		return this.namespace;
	}

	/**
	 * Set the {@code namespace} setting.
	 * @param namespace the value
	 */
	public void setNamespace(String namespace) {
		this.namespace = namespace;
	}

	/**
	 * Return the {@code maintenanceChance} setting.
	 * @return the value
	 */
	public int getMaintenanceChance() {
		return this.maintenanceChance;
	}

	/**
	 * Set the {@code maintenanceChance} setting.
	 * @param maintenanceChance the value
	 */
	public void setMaintenanceChance(int maintenanceChance) {
		this.maintenanceChance = maintenanceChance;
	}

	/**
	 * Return the {@code heartbeatTimeout} setting.
	 * @return the value
	 */
	public Duration getHeartbeatTimeout() {
		return this.heartbeatTimeout;
	}

	/**
	 * Set the {@code heartbeatTimeout} setting.
	 * @param heartbeatTimeout the value
	 */
	public void setHeartbeatTimeout(Duration heartbeatTimeout) {
		this.heartbeatTimeout = heartbeatTimeout;
	}

	/**
	 * Return the {@code deadMessageTtl} setting.
	 * @return the value
	 */
	public Duration getDeadMessageTtl() {
		return this.deadMessageTtl;
	}

	/**
	 * Set the {@code deadMessageTtl} setting.
	 * @param deadMessageTtl the value
	 */
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
