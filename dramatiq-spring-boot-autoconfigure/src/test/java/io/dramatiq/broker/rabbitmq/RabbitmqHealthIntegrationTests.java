package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.net.ServerSocket;

import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.spring.boot.actuate.DramatiqHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code dramatiq} health of a {@link RabbitmqBroker}: UP on the real RabbitMQ at
 * 127.0.0.1:5672, DOWN on a port where no RabbitMQ listens.
 */
class RabbitmqHealthIntegrationTests {

	@Test
	void healthIsUpWhenRabbitmqAnswers() {
		RabbitmqAdmin.assumeRabbitmq();
		CachingConnectionFactory factory = RabbitmqAdmin.connectionFactory("dramatiq-health-tests");
		try (RabbitmqBroker broker = new RabbitmqBroker(factory, new JsonMessageEncoder())) {
			Health health = new DramatiqHealthIndicator(broker, null).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("broker", "rabbitmq");
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void healthIsDownWhenRabbitmqIsStopped() throws IOException {
		// Given a port where nothing listens, as a stopped RabbitMQ
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		CachingConnectionFactory factory = new CachingConnectionFactory("127.0.0.1", port);
		try (RabbitmqBroker broker = new RabbitmqBroker(factory, new JsonMessageEncoder())) {
			Health health = new DramatiqHealthIndicator(broker, null).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("broker", "rabbitmq").containsKey("error");
		}
		finally {
			factory.destroy();
		}
	}

}
