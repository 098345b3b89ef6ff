package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration properties of Dramatiq, under {@code dramatiq.*}. Defaults are Python
 * Dramatiq's (see {@link io.dramatiq.worker.WorkerOptions},
 * {@link io.dramatiq.actor.ActorOptions#builtInDefaults()} and the middleware classes).
 */
@ConfigurationProperties("dramatiq")
public class DramatiqProperties {

	/**
	 * Key of {@link #getActors()} that holds the settings of every actor.
	 */
	public static final String ACTOR_DEFAULTS = "defaults";

	private final Broker broker = new Broker();

	@NestedConfigurationProperty
	private final DramatiqWorkerProperties worker = new DramatiqWorkerProperties();

	/**
	 * Actor options: 'defaults' applies to every actor, any other key to the actor of
	 * that name; write names with characters other than letters, digits, '-' and '.' in
	 * brackets, such as "[count_words]".
	 */
	private final Map<String, DramatiqActorSettings> actors = new LinkedHashMap<>();

	private final MiddlewareSettings middleware = new MiddlewareSettings();

	@NestedConfigurationProperty
	private final DramatiqResultsProperties results = new DramatiqResultsProperties();

	@NestedConfigurationProperty
	private final DramatiqRateLimitsProperties rateLimits = new DramatiqRateLimitsProperties();

	/**
	 * Rate limiters, each a bean named after its key in this map; they need
	 * 'dramatiq.rate-limits.backend'.
	 */
	private final Map<String, DramatiqRateLimiterProperties> rateLimiters = new LinkedHashMap<>();

	@NestedConfigurationProperty
	private final DramatiqSchedulerProperties scheduler = new DramatiqSchedulerProperties();

	/**
	 * Schedules of periodic actors, by actor name; write names with characters other than
	 * letters, digits, '-' and '.' in brackets, such as "[purge_sessions]".
	 */
	private final Map<String, DramatiqScheduleProperties> schedules = new LinkedHashMap<>();

	private final Endpoint endpoint = new Endpoint();

	@NestedConfigurationProperty
	private final DramatiqSendProperties send = new DramatiqSendProperties();

	@NestedConfigurationProperty
	private final DramatiqActorClientsProperties actorClients = new DramatiqActorClientsProperties();

	@NestedConfigurationProperty
	private final DramatiqAbortProperties abort = new DramatiqAbortProperties();

	@NestedConfigurationProperty
	private final DramatiqObservationsProperties observations = new DramatiqObservationsProperties();

	/**
	 * Return the broker settings, {@code dramatiq.broker.*}.
	 * @return the broker settings, {@code dramatiq.broker.*}
	 */
	public Broker getBroker() {
		return this.broker;
	}

	/**
	 * Return the worker settings, {@code dramatiq.worker.*}.
	 * @return the worker settings, {@code dramatiq.worker.*}
	 */
	public DramatiqWorkerProperties getWorker() {
		return this.worker;
	}

	/**
	 * Return the settings of every actor ({@code defaults}) and of single actors,
	 * {@code dramatiq.actors.*}.
	 * @return the settings of every actor ({@code defaults}) and of single actors,
	 * {@code dramatiq.actors.*}
	 */
	public Map<String, DramatiqActorSettings> getActors() {
		return this.actors;
	}

	/**
	 * Return the middleware settings, {@code dramatiq.middleware.*}.
	 * @return the middleware settings, {@code dramatiq.middleware.*}
	 */
	public MiddlewareSettings getMiddleware() {
		return this.middleware;
	}

	/**
	 * Return the results settings, {@code dramatiq.results.*}.
	 * @return the results settings, {@code dramatiq.results.*}
	 */
	public DramatiqResultsProperties getResults() {
		return this.results;
	}

	/**
	 * Return the rate-limit settings, {@code dramatiq.rate-limits.*}.
	 * @return the rate-limit settings, {@code dramatiq.rate-limits.*}
	 */
	public DramatiqRateLimitsProperties getRateLimits() {
		return this.rateLimits;
	}

	/**
	 * Return the rate limiters by bean name, {@code dramatiq.rate-limiters.*}.
	 * @return the rate limiters by bean name, {@code dramatiq.rate-limiters.*}
	 */
	public Map<String, DramatiqRateLimiterProperties> getRateLimiters() {
		return this.rateLimiters;
	}

	/**
	 * Return the abort settings, {@code dramatiq.abort.*}.
	 * @return the abort settings, {@code dramatiq.abort.*}
	 */
	public DramatiqAbortProperties getAbort() {
		return this.abort;
	}

	/**
	 * Return the scheduler settings, {@code dramatiq.scheduler.*}.
	 * @return the scheduler settings, {@code dramatiq.scheduler.*}
	 */
	public DramatiqSchedulerProperties getScheduler() {
		return this.scheduler;
	}

	/**
	 * Return the schedules of periodic actors by actor name,
	 * {@code dramatiq.schedules.*}.
	 * @return the schedules of periodic actors by actor name,
	 * {@code dramatiq.schedules.*}
	 */
	public Map<String, DramatiqScheduleProperties> getSchedules() {
		return this.schedules;
	}

	/**
	 * Return the endpoint settings, {@code dramatiq.endpoint.*}.
	 * @return the endpoint settings, {@code dramatiq.endpoint.*}
	 */
	public Endpoint getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Return the send settings, {@code dramatiq.send.*}.
	 * @return the send settings, {@code dramatiq.send.*}
	 */
	public DramatiqSendProperties getSend() {
		return this.send;
	}

	/**
	 * Return the typed actor client settings, {@code dramatiq.actor-clients.*}.
	 * @return the typed actor client settings, {@code dramatiq.actor-clients.*}
	 */
	public DramatiqActorClientsProperties getActorClients() {
		return this.actorClients;
	}

	/**
	 * Return the observation settings, {@code dramatiq.observations.*}.
	 * @return the observation settings, {@code dramatiq.observations.*}
	 */
	public DramatiqObservationsProperties getObservations() {
		return this.observations;
	}

	/**
	 * Broker settings. Connections come from {@code spring.rabbitmq.*} and
	 * {@code spring.data.redis.*}.
	 */
	public static class Broker {

		/**
		 * Broker to use. When not set: rabbitmq if Spring AMQP is on the class path, else
		 * redis if Spring Data Redis is, else stub.
		 */
		private BrokerType type;

		/**
		 * Whether to check at start-up that the broker answers, and fail the start if it
		 * does not.
		 */
		private boolean failFast = false;

		/**
		 * Return the {@code type} setting.
		 * @return the {@code type} setting
		 */
		public BrokerType getType() {
			return this.type;
		}

		/**
		 * Set the {@code type} setting.
		 * @param type the new value
		 */
		public void setType(BrokerType type) {
			this.type = type;
		}

		/**
		 * Return the {@code fail-fast} setting.
		 * @return the {@code fail-fast} setting
		 */
		public boolean isFailFast() {
			return this.failFast;
		}

		/**
		 * Set the {@code fail-fast} setting.
		 * @param failFast the new value
		 */
		public void setFailFast(boolean failFast) {
			this.failFast = failFast;
		}

	}

	/**
	 * Settings of the 'dramatiq' actuator endpoint, replaced by Spring Boot's
	 * {@code management.endpoint.dramatiq.*}.
	 */
	public static class Endpoint {

		/**
		 * Whether the endpoint's write operations (requeue and purge dead letters) may
		 * run.
		 */
		private boolean writeOperationsEnabled = false;

		/**
		 * Return whether the endpoint's write operations may run.
		 * @return whether they may run
		 * @deprecated since 0.1.0 in favour of Spring Boot's
		 * {@code management.endpoint.dramatiq.access=unrestricted}; {@code true} still
		 * allows them when that is not set
		 */
		@Deprecated(since = "0.1.0")
		@DeprecatedConfigurationProperty(replacement = "management.endpoint.dramatiq.access",
				reason = "The endpoint follows Spring Boot's endpoint access: set"
						+ " management.endpoint.dramatiq.access=unrestricted instead of true.",
				since = "0.1.0")
		/**
		 * Return the {@code write-operations-enabled} setting.
		 * @return the {@code write-operations-enabled} setting
		 */
		public boolean isWriteOperationsEnabled() {
			return this.writeOperationsEnabled;
		}

		/**
		 * Set whether the endpoint's write operations may run.
		 * @param writeOperationsEnabled whether they may run
		 * @deprecated since 0.1.0 in favour of Spring Boot's
		 * {@code management.endpoint.dramatiq.access}
		 */
		@Deprecated(since = "0.1.0")
		public void setWriteOperationsEnabled(boolean writeOperationsEnabled) {
			this.writeOperationsEnabled = writeOperationsEnabled;
		}

	}

	/**
	 * Settings of the middleware itself, rather than of actors.
	 */
	public static class MiddlewareSettings {

		private final TimeLimitSettings timeLimit = new TimeLimitSettings();

		/**
		 * Return the {@code time-limit} setting.
		 * @return the {@code time-limit} setting
		 */
		public TimeLimitSettings getTimeLimit() {
			return this.timeLimit;
		}

	}

	/**
	 * Settings of the TimeLimit middleware.
	 */
	public static class TimeLimitSettings {

		/**
		 * How often running actors are checked against their time limit; an actor is
		 * interrupted between its limit and its limit plus this interval.
		 */
		private Duration interval = Duration.ofSeconds(1);

		/**
		 * Return the {@code interval} setting.
		 * @return the {@code interval} setting
		 */
		public Duration getInterval() {
			return this.interval;
		}

		/**
		 * Set the {@code interval} setting.
		 * @param interval the new value
		 */
		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

}
