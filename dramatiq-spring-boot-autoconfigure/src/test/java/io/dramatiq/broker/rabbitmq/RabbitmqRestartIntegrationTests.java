package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.middleware.CurrentMessage;
import io.dramatiq.spring.boot.autoconfigure.WorkerRestartTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * A restart as Spring Boot DevTools does it, on the real RabbitMQ at 127.0.0.1:5672: each
 * application context has its own broker and connections on the same server; the first is
 * closed while actors run and messages are prefetched, the second consumes the rest, and
 * every message runs exactly once.
 */
class RabbitmqRestartIntegrationTests {

	private final String queue = RabbitmqAdmin.uniqueQueue();

	private final List<CachingConnectionFactory> factories = new CopyOnWriteArrayList<>();

	private RabbitmqAdmin admin;

	@AfterEach
	void cleanUp() throws IOException {
		this.factories.forEach(CachingConnectionFactory::destroy);
		if (this.admin != null) {
			this.admin.deleteQueues(this.queue);
		}
	}

	@Test
	void restartLosesAndDuplicatesNothing() throws Exception {
		this.admin = RabbitmqAdmin.get();
		WorkerRestartTestSupport.Probe probe = new WorkerRestartTestSupport.Probe();
		WorkerRestartTestSupport.restart(() -> {
			CachingConnectionFactory factory = RabbitmqAdmin.connectionFactory("dramatiq-restart-tests");
			this.factories.add(factory);
			RabbitmqBroker broker = new RabbitmqBroker(factory, new JsonMessageEncoder());
			broker.addMiddleware(new CurrentMessage());
			broker.declareActor(probe.actor("restart_probe", this.queue));
			return broker;
		}, probe, this.queue);
	}

}
