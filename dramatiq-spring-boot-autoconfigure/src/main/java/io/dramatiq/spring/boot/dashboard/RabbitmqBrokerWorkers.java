package io.dramatiq.spring.boot.dashboard;

import java.util.List;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;

/**
 * The workers of a RabbitMQ broker, as RabbitMQ counts the consumers of each queue; it
 * has no heartbeats of its own to show.
 */
final class RabbitmqBrokerWorkers implements BrokerWorkers {

	private final RabbitmqBroker broker;

	private RabbitmqBrokerWorkers(RabbitmqBroker broker) {
		this.broker = broker;
	}

	static BrokerWorkers of(Broker broker) {
		return new RabbitmqBrokerWorkers((RabbitmqBroker) broker);
	}

	@Override
	public List<DramatiqDashboard.ProcessDescriptor> processes() {
		return List.of();
	}

	@Override
	public int consumers(String queueName) {
		return this.broker.consumerCounts(queueName).queue();
	}

	@Override
	public String note() {
		return "RabbitMQ counts the consumers of each queue, across every process; each worker opens one per queue.";
	}

}
