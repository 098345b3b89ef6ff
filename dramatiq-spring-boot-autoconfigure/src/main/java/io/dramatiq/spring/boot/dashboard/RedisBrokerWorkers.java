package io.dramatiq.spring.boot.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.redis.RedisBroker;

/**
 * The workers of a Redis broker, from the heartbeats every broker id writes to
 * {@code ns:__heartbeats__}; a heartbeat older than {@code heartbeat_timeout} marks a
 * process the others take for dead.
 */
final class RedisBrokerWorkers implements BrokerWorkers {

	private final RedisBroker broker;

	private RedisBrokerWorkers(RedisBroker broker) {
		this.broker = broker;
	}

	static BrokerWorkers of(Broker broker) {
		return new RedisBrokerWorkers((RedisBroker) broker);
	}

	@Override
	public List<DramatiqDashboard.ProcessDescriptor> processes() {
		long now = System.currentTimeMillis();
		long timeout = this.broker.options().heartbeatTimeout().toMillis();
		String self = this.broker.options().brokerId();
		List<DramatiqDashboard.ProcessDescriptor> processes = new ArrayList<>();
		for (Map.Entry<String, Long> beat : this.broker.heartbeats().entrySet()) {
			long age = Math.max(0, now - beat.getValue());
			processes.add(new DramatiqDashboard.ProcessDescriptor(beat.getKey(), beat.getValue(), age, age <= timeout,
					beat.getKey().equals(self)));
		}
		return processes;
	}

	@Override
	public int consumers(String queueName) {
		return -1;
	}

	@Override
	public String note() {
		return "Every process sharing namespace '" + this.broker.options().namespace()
				+ "' writes a heartbeat; one older than " + this.broker.options().heartbeatTimeout().toMillis()
				+ " ms is taken for dead and its messages are requeued.";
	}

}
