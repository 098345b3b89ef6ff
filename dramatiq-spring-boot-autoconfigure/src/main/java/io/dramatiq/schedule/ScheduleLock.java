package io.dramatiq.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * Decides which instance of an application enqueues a tick, so that each tick is enqueued
 * once however many instances run the same schedule, and remembers the last tick
 * enqueued. It lives in the broker the application already has: a key per tick on Redis,
 * an exclusive consumer on RabbitMQ, memory on the stub broker.
 * <p>
 * Implementations are thread-safe; every method may throw a
 * {@link io.dramatiq.broker.BrokerException} (or another runtime exception) when the
 * broker cannot be reached, which the {@link Scheduler} logs before trying again on the
 * next tick.
 */
public interface ScheduleLock extends AutoCloseable {

	/**
	 * Claim a tick of an actor's schedule. Of all the instances that claim the same tick,
	 * at most one gets {@code true}, also when an instance claims it late: after another
	 * instance took over, or up to {@link Scheduler#LATE_TICKS} after the tick.
	 * @param actorName the actor
	 * @param tick the tick
	 * @return whether this instance enqueues the tick
	 */
	boolean claim(String actorName, Instant tick);

	/**
	 * Return the last time recorded for an actor's schedule.
	 * @param actorName the actor
	 * @return the last tick recorded, or empty if none was
	 */
	Optional<Instant> lastTick(String actorName);

	/**
	 * Record that an actor's schedule enqueued everything up to a time, unless a later
	 * time is recorded already. Only the instance that claimed the tick records it.
	 * @param actorName the actor
	 * @param tick the time
	 */
	void recordTick(String actorName, Instant tick);

	/**
	 * Describe where the lock lives, for logs and the actuator endpoint.
	 * @return the description
	 */
	String describe();

	/**
	 * Release what this instance holds, such as a leadership.
	 */
	@Override
	default void close() {
	}

}
