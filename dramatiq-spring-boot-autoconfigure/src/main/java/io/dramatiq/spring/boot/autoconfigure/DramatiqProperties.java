package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of Dramatiq, under {@code dramatiq.*}. Defaults are Python
 * Dramatiq's (see {@link io.dramatiq.worker.WorkerOptions}).
 */
@ConfigurationProperties("dramatiq")
public class DramatiqProperties {

	private final Broker broker = new Broker();

	private final Worker worker = new Worker();

	public Broker getBroker() {
		return this.broker;
	}

	public Worker getWorker() {
		return this.worker;
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

		public BrokerType getType() {
			return this.type;
		}

		public void setType(BrokerType type) {
			this.type = type;
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
		 * How long a graceful stop waits for running actors. Spring Boot's
		 * spring.lifecycle.timeout-per-shutdown-phase caps it.
		 */
		private Duration shutdownTimeout = Duration.ofMinutes(10);

		/**
		 * How long consumers wait for a message before they look at delayed messages.
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
		 * How long a consumer that failed waits before it reconnects.
		 */
		private Duration restartDelay = Duration.ofSeconds(3);

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

	}

}
