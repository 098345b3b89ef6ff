package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;

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

	private final Worker worker = new Worker();

	/**
	 * Actor options: 'defaults' applies to every actor, any other key to the actor of
	 * that name; write names with characters other than letters, digits, '-' and '.' in
	 * brackets, such as "[count_words]".
	 */
	private final Map<String, ActorSettings> actors = new LinkedHashMap<>();

	private final MiddlewareSettings middleware = new MiddlewareSettings();

	private final Endpoint endpoint = new Endpoint();

	public Broker getBroker() {
		return this.broker;
	}

	public Worker getWorker() {
		return this.worker;
	}

	public Map<String, ActorSettings> getActors() {
		return this.actors;
	}

	public MiddlewareSettings getMiddleware() {
		return this.middleware;
	}

	public Endpoint getEndpoint() {
		return this.endpoint;
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

		public BrokerType getType() {
			return this.type;
		}

		public void setType(BrokerType type) {
			this.type = type;
		}

		public boolean isFailFast() {
			return this.failFast;
		}

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
	 * Settings of the worker that runs actors in this application.
	 */
	public static class Worker {

		/**
		 * Whether to start a worker with the application; without one it only sends
		 * messages.
		 */
		private boolean enabled = true;

		/**
		 * Number of worker threads that run actors.
		 */
		private int threads = 8;

		/**
		 * Canonical queues to consume (their delay queues follow); empty means every
		 * queue of a declared actor.
		 */
		private List<String> queues = new ArrayList<>();

		/**
		 * How long a graceful stop waits for running actors. The worker's shutdown phase
		 * gets this long even when spring.lifecycle.timeout-per-shutdown-phase is
		 * shorter.
		 */
		private Duration shutdownTimeout = Duration.ofMinutes(10);

		/**
		 * Longest wait of a consumer for a message before it checks whether the worker is
		 * stopping; on Redis, also the longest idle backoff between two polls.
		 */
		private Duration workerTimeout = Duration.ofSeconds(1);

		/**
		 * Messages fetched ahead per queue; 0 means twice the number of threads.
		 */
		private int queuePrefetch = 0;

		/**
		 * Delayed messages held per delay queue; 0 means 1000 times the number of
		 * threads.
		 */
		private int delayQueuePrefetch = 0;

		/**
		 * How long a consumer that failed waits before it reconnects; the wait doubles
		 * with each failure in a row, up to max-restart-delay.
		 */
		private Duration restartDelay = Duration.ofSeconds(3);

		/**
		 * Longest wait of a consumer between two attempts to reconnect during a broker
		 * outage.
		 */
		private Duration maxRestartDelay = Duration.ofSeconds(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getThreads() {
			return this.threads;
		}

		public void setThreads(int threads) {
			this.threads = threads;
		}

		public List<String> getQueues() {
			return this.queues;
		}

		public void setQueues(List<String> queues) {
			this.queues = queues;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Duration getWorkerTimeout() {
			return this.workerTimeout;
		}

		public void setWorkerTimeout(Duration workerTimeout) {
			this.workerTimeout = workerTimeout;
		}

		public int getQueuePrefetch() {
			return this.queuePrefetch;
		}

		public void setQueuePrefetch(int queuePrefetch) {
			this.queuePrefetch = queuePrefetch;
		}

		public int getDelayQueuePrefetch() {
			return this.delayQueuePrefetch;
		}

		public void setDelayQueuePrefetch(int delayQueuePrefetch) {
			this.delayQueuePrefetch = delayQueuePrefetch;
		}

		public Duration getRestartDelay() {
			return this.restartDelay;
		}

		public void setRestartDelay(Duration restartDelay) {
			this.restartDelay = restartDelay;
		}

		public Duration getMaxRestartDelay() {
			return this.maxRestartDelay;
		}

		public void setMaxRestartDelay(Duration maxRestartDelay) {
			this.maxRestartDelay = maxRestartDelay;
		}

	}

	/**
	 * Options of one actor, or of every actor under {@code dramatiq.actors.defaults},
	 * with Python Dramatiq's names in kebab-case. A value left unset falls through to the
	 * next lower layer: the {@code @Actor} attribute, then
	 * {@code dramatiq.actors.defaults}, then Python's default.
	 */
	public static class ActorSettings {

		/**
		 * Maximum number of times a failed message is retried; -1 retries forever.
		 */
		private Integer maxRetries;

		/**
		 * Minimum backoff before the first retry; it doubles with every retry.
		 */
		private Duration minBackoff;

		/**
		 * Maximum backoff between two retries, at most 7 days.
		 */
		private Duration maxBackoff;

		/**
		 * How long one run of the actor may take before it is interrupted.
		 */
		private Duration timeLimit;

		/**
		 * Age after which a message is dead-lettered without running.
		 */
		private Duration maxAge;

		/**
		 * Whether the actor is interrupted when the worker shuts down, so that it is
		 * retried.
		 */
		private Boolean notifyShutdown;

		/**
		 * Fully qualified names of exception classes that are never retried.
		 */
		private List<String> throwsTypes = new ArrayList<>();

		/**
		 * Name of a RetryWhen (or BiPredicate<Integer, Throwable>) bean that decides
		 * whether to retry, instead of max-retries.
		 */
		private String retryWhen;

		/**
		 * Actor that receives the message and its result when it succeeds.
		 */
		private String onSuccess;

		/**
		 * Actor that receives the message and the exception after every failure.
		 */
		private String onFailure;

		/**
		 * Actor that receives the message when its retries are exhausted.
		 */
		private String onRetryExhausted;

		/**
		 * Other actor options, for middleware of your own, by Python name in kebab-case
		 * or in brackets.
		 */
		private Map<String, Object> options = new LinkedHashMap<>();

		public Integer getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(Integer maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getMinBackoff() {
			return this.minBackoff;
		}

		public void setMinBackoff(Duration minBackoff) {
			this.minBackoff = minBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getTimeLimit() {
			return this.timeLimit;
		}

		public void setTimeLimit(Duration timeLimit) {
			this.timeLimit = timeLimit;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

		public Boolean getNotifyShutdown() {
			return this.notifyShutdown;
		}

		public void setNotifyShutdown(Boolean notifyShutdown) {
			this.notifyShutdown = notifyShutdown;
		}

		/**
		 * Return the names of exception classes that are never retried (the
		 * {@code throws} option; {@code throws} is a Java keyword, hence the field's
		 * name).
		 * @return the class names
		 */
		public List<String> getThrows() {
			return this.throwsTypes;
		}

		public void setThrows(List<String> throwsTypes) {
			this.throwsTypes = throwsTypes;
		}

		public String getRetryWhen() {
			return this.retryWhen;
		}

		public void setRetryWhen(String retryWhen) {
			this.retryWhen = retryWhen;
		}

		public String getOnSuccess() {
			return this.onSuccess;
		}

		public void setOnSuccess(String onSuccess) {
			this.onSuccess = onSuccess;
		}

		public String getOnFailure() {
			return this.onFailure;
		}

		public void setOnFailure(String onFailure) {
			this.onFailure = onFailure;
		}

		public String getOnRetryExhausted() {
			return this.onRetryExhausted;
		}

		public void setOnRetryExhausted(String onRetryExhausted) {
			this.onRetryExhausted = onRetryExhausted;
		}

		public Map<String, Object> getOptions() {
			return this.options;
		}

		public void setOptions(Map<String, Object> options) {
			this.options = options;
		}

	}

	/**
	 * Settings of the middleware itself, rather than of actors.
	 */
	public static class MiddlewareSettings {

		private final TimeLimitSettings timeLimit = new TimeLimitSettings();

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

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

}
