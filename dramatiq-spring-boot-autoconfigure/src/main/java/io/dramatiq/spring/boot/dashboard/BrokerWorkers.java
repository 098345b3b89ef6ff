package io.dramatiq.spring.boot.dashboard;

import java.util.List;

import io.dramatiq.broker.Broker;

/**
 * What a broker tells of the workers of every process that shares it: on Redis the
 * heartbeats of each broker id, on RabbitMQ the consumers of each queue. The stub broker
 * knows only this process.
 */
interface BrokerWorkers {

	/**
	 * Return the processes known from heartbeats, newest first; empty when the broker has
	 * none.
	 * @return the processes
	 */
	List<DramatiqDashboard.ProcessDescriptor> processes();

	/**
	 * Return how many consumers read a queue, or {@code -1} when the broker cannot tell.
	 * @param queueName the canonical queue name
	 * @return the consumers
	 */
	int consumers(String queueName);

	/**
	 * Return a sentence about what this broker can tell of workers.
	 * @return the note
	 */
	String note();

	/**
	 * Return the view that fits a broker. The broker-specific classes are only loaded for
	 * their broker, so that a missing client library does no harm.
	 * @param broker the broker
	 * @return the view
	 */
	static BrokerWorkers of(Broker broker) {
		return switch (broker.type()) {
			case "redis" -> RedisBrokerWorkers.of(broker);
			case "rabbitmq" -> RabbitmqBrokerWorkers.of(broker);
			default -> new BrokerWorkers() {

				@Override
				public List<DramatiqDashboard.ProcessDescriptor> processes() {
					return List.of();
				}

				@Override
				public int consumers(String queueName) {
					return -1;
				}

				@Override
				public String note() {
					return "The " + broker.type() + " broker lives in this process: it knows no other worker.";
				}

			};
		};
	}

}
