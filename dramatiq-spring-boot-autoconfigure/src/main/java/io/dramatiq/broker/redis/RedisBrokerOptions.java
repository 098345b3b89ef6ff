package io.dramatiq.broker.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * Settings of a {@link RedisBroker}, with Python Dramatiq's defaults
 * ({@code dramatiq/brokers/redis.py}).
 *
 * @param namespace prefix of every key ({@code dramatiq})
 * @param maintenanceChance chance, out of {@value #MAINTENANCE_SCALE}, that a command
 * other than ack and nack runs maintenance ({@value #DEFAULT_MAINTENANCE_CHANCE}, that is
 * 0.1 %)
 * @param heartbeatTimeout how long a broker id may stay silent before others consider it
 * dead and give its unacked messages back to their queues (60 s)
 * @param deadMessageTtl how long dead-lettered messages are kept (7 days)
 * @param brokerId this broker's id in heartbeats and ack sets (a random UUID4)
 */
public record RedisBrokerOptions(String namespace, int maintenanceChance, Duration heartbeatTimeout,
		Duration deadMessageTtl, String brokerId) {

	/** Python Dramatiq's default namespace. */
	public static final String DEFAULT_NAMESPACE = "dramatiq";

	/**
	 * The scale of {@link #maintenanceChance()}, as Python's {@code MAINTENANCE_SCALE}.
	 */
	public static final int MAINTENANCE_SCALE = 1_000_000;

	/** Python Dramatiq's default maintenance chance: 1000 of 1000000. */
	public static final int DEFAULT_MAINTENANCE_CHANCE = 1000;

	/** Python Dramatiq's default heartbeat timeout. */
	public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofMillis(60000);

	/** Python Dramatiq's default dead message TTL (7 days). */
	public static final Duration DEFAULT_DEAD_MESSAGE_TTL = Duration.ofMillis(604800000);

	/**
	 * Check the components and apply defaults.
	 * @param namespace prefix of every key ({@code dramatiq})
	 * @param maintenanceChance chance, out of {@value #MAINTENANCE_SCALE}, that a command
	 * @param heartbeatTimeout how long a broker id may stay silent before others consider
	 * it
	 * @param deadMessageTtl how long dead-lettered messages are kept (7 days)
	 * @param brokerId this broker's id in heartbeats and ack sets (a random UUID4)
	 */
	public RedisBrokerOptions {
		Objects.requireNonNull(namespace, "'namespace' must not be null");
		Objects.requireNonNull(heartbeatTimeout, "'heartbeatTimeout' must not be null");
		Objects.requireNonNull(deadMessageTtl, "'deadMessageTtl' must not be null");
		Objects.requireNonNull(brokerId, "'brokerId' must not be null");
		if (namespace.isEmpty()) {
			throw new IllegalArgumentException("Redis namespace must not be empty.");
		}
		if (maintenanceChance < 0 || maintenanceChance > MAINTENANCE_SCALE) {
			throw new IllegalArgumentException("Redis maintenance chance must be between 0 and " + MAINTENANCE_SCALE
					+ " but was " + maintenanceChance + ".");
		}
		if (heartbeatTimeout.toMillis() < 1) {
			throw new IllegalArgumentException(
					"Redis heartbeat timeout must be at least 1 ms but was " + heartbeatTimeout + ".");
		}
		if (deadMessageTtl.isNegative()) {
			throw new IllegalArgumentException(
					"Redis dead message TTL must not be negative but was " + deadMessageTtl + ".");
		}
	}

	/**
	 * Return Python Dramatiq's defaults with a fresh random broker id.
	 * @return the default options
	 */
	public static RedisBrokerOptions defaults() {
		return new RedisBrokerOptions(DEFAULT_NAMESPACE, DEFAULT_MAINTENANCE_CHANCE, DEFAULT_HEARTBEAT_TIMEOUT,
				DEFAULT_DEAD_MESSAGE_TTL, UUID.randomUUID().toString());
	}

	/**
	 * Return a copy with another {@code namespace}.
	 * @param namespace the new value
	 * @return the copy
	 */
	public RedisBrokerOptions withNamespace(String namespace) {
		return new RedisBrokerOptions(namespace, this.maintenanceChance, this.heartbeatTimeout, this.deadMessageTtl,
				this.brokerId);
	}

	/**
	 * Return a copy with another {@code maintenanceChance}.
	 * @param maintenanceChance the new value
	 * @return the copy
	 */
	public RedisBrokerOptions withMaintenanceChance(int maintenanceChance) {
		return new RedisBrokerOptions(this.namespace, maintenanceChance, this.heartbeatTimeout, this.deadMessageTtl,
				this.brokerId);
	}

	/**
	 * Return a copy with another {@code heartbeatTimeout}.
	 * @param heartbeatTimeout the new value
	 * @return the copy
	 */
	public RedisBrokerOptions withHeartbeatTimeout(Duration heartbeatTimeout) {
		return new RedisBrokerOptions(this.namespace, this.maintenanceChance, heartbeatTimeout, this.deadMessageTtl,
				this.brokerId);
	}

	/**
	 * Return a copy with another {@code deadMessageTtl}.
	 * @param deadMessageTtl the new value
	 * @return the copy
	 */
	public RedisBrokerOptions withDeadMessageTtl(Duration deadMessageTtl) {
		return new RedisBrokerOptions(this.namespace, this.maintenanceChance, this.heartbeatTimeout, deadMessageTtl,
				this.brokerId);
	}

	/**
	 * Return a copy with another {@code brokerId}.
	 * @param brokerId the new value
	 * @return the copy
	 */
	public RedisBrokerOptions withBrokerId(String brokerId) {
		return new RedisBrokerOptions(this.namespace, this.maintenanceChance, this.heartbeatTimeout,
				this.deadMessageTtl, brokerId);
	}

}
