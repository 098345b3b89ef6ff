package io.dramatiq.middleware;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.ratelimit.Barrier;
import io.dramatiq.ratelimit.RateLimiterBackend;

/**
 * Runs a group's completion callbacks once every child succeeded, as Python Dramatiq's
 * {@code GroupCallbacks} (spec §8.10).
 * <p>
 * A child of a group with completion callbacks carries the options
 * {@code group_completion_uuid} and {@code group_completion_callbacks} (the callbacks'
 * full envelopes). After each successful child, the barrier named by the uuid is reached
 * without waiting; the call that clears it enqueues every callback envelope as stored
 * (same ids). As in Python, once the barrier cleared (or expired) every further success
 * clears it again, so a redelivered child runs the callbacks again.
 */
public class GroupCallbacks implements Middleware {

	/** The option naming the group's barrier. */
	public static final String GROUP_COMPLETION_UUID = "group_completion_uuid";

	/** The option holding the envelopes of the group's completion callbacks. */
	public static final String GROUP_COMPLETION_CALLBACKS = "group_completion_callbacks";

	/** Python's default time to live of a group's barrier (one day). */
	public static final Duration DEFAULT_BARRIER_TTL = Duration.ofDays(1);

	static final List<OptionSpec> OPTION_SPECS = List.of(
			new OptionSpec(GROUP_COMPLETION_CALLBACKS, Kind.ANY, null, "GroupCallbacks"),
			new OptionSpec(GROUP_COMPLETION_UUID, Kind.ANY, null, "GroupCallbacks"));

	private final RateLimiterBackend backend;

	private final Duration barrierTtl;

	/**
	 * Create the middleware with Python's barrier time to live (one day).
	 * @param backend the backend the barriers live in, shared with the producers
	 */
	public GroupCallbacks(RateLimiterBackend backend) {
		this(backend, DEFAULT_BARRIER_TTL);
	}

	/**
	 * Create the middleware.
	 * @param backend the backend the barriers live in, shared with the producers
	 * @param barrierTtl how long a group's barrier lives
	 */
	public GroupCallbacks(RateLimiterBackend backend, Duration barrierTtl) {
		this.backend = Objects.requireNonNull(backend, "'backend' must not be null");
		this.barrierTtl = Objects.requireNonNull(barrierTtl, "'barrierTtl' must not be null");
	}

	/**
	 * Return the backend the barriers live in.
	 * @return the backend
	 */
	public RateLimiterBackend backend() {
		return this.backend;
	}

	/**
	 * Return how long a group's barrier lives.
	 * @return the time to live
	 */
	public Duration barrierTtl() {
		return this.barrierTtl;
	}

	/**
	 * Return the group callbacks middleware of a broker.
	 * @param broker the broker
	 * @return the middleware
	 * @throws IllegalStateException if the broker has none
	 */
	public static GroupCallbacks of(Broker broker) {
		for (Middleware middleware : broker.middleware()) {
			if (middleware instanceof GroupCallbacks groupCallbacks) {
				return groupCallbacks;
			}
		}
		throw new IllegalStateException("Running a group with completion callbacks needs the GroupCallbacks"
				+ " middleware on the broker, and broker '" + broker.type() + "' has none: add"
				+ " new GroupCallbacks(rateLimiterBackend) to it");
	}

	@Override
	public Set<String> actorOptions() {
		return OptionSpecs.names(OPTION_SPECS);
	}

	@Override
	public List<OptionSpec> actorOptionSpecs() {
		return OPTION_SPECS;
	}

	@Override
	public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
		if (exception != null || message.isFailed()) {
			return;
		}
		Map<String, Object> options = message.options();
		Object uuid = options.get(GROUP_COMPLETION_UUID);
		Object callbacks = options.get(GROUP_COMPLETION_CALLBACKS);
		if (!(uuid instanceof String key) || !(callbacks instanceof List<?> envelopes)) {
			return;
		}
		if (new Barrier(this.backend, key, this.barrierTtl).await()) {
			for (Object envelope : envelopes) {
				broker.enqueue(Envelopes.toMessage((Map<?, ?>) envelope));
			}
		}
	}

}
