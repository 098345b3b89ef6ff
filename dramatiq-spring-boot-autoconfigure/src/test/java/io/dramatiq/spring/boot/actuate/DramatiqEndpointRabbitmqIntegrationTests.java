package io.dramatiq.spring.boot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.Retries;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.DeadLettersDescriptor;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code dramatiq} endpoint on the real RabbitMQ at 127.0.0.1:5672, where listing
 * dead letters takes them out of {@code Q.XQ} for a moment: a page may reach at most 1000
 * messages deep.
 */
class DramatiqEndpointRabbitmqIntegrationTests {

	private static final String HOST = System.getProperty("rabbitmq.host", "127.0.0.1");

	private static final int PORT = Integer.getInteger("rabbitmq.port", 5672);

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final String queue = "endpoint_" + UUID.randomUUID().toString().substring(0, 8);

	private CachingConnectionFactory factory;

	private RabbitmqBroker broker;

	private Worker worker;

	private DramatiqEndpoint endpoint;

	@BeforeEach
	void start() {
		BrokerAvailability.assumeReachable(HOST, PORT, "RabbitMQ", "rabbitmq-server -detached");
		this.factory = new CachingConnectionFactory(HOST, PORT);
		this.broker = new RabbitmqBroker(this.factory, new JsonMessageEncoder());
		this.broker.addMiddleware(new Retries());
		this.broker.declareActor(new ActorDefinition("fail", this.queue, 0, Map.of(), (args, kwargs) -> {
			throw new IllegalStateException("always");
		}));
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults().withThreads(1).withWorkerTimeout(Duration.ofMillis(100)));
		this.worker.start();
		this.endpoint = new DramatiqEndpoint(this.broker, (name) -> null, null, Show.NEVER, Set.of());
	}

	@AfterEach
	void stop() throws Exception {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(5));
		}
		if (this.broker != null) {
			this.broker.close();
		}
		if (this.factory != null) {
			try (Channel channel = this.factory.createConnection().createChannel(false)) {
				for (String name : List.of(this.queue, this.queue + ".DQ", this.queue + ".XQ")) {
					channel.queueDelete(name);
				}
			}
			this.factory.destroy();
		}
	}

	@Test
	void pageReachingPastTheFirstThousandDeadLettersIsRejectedWithoutTouchingTheQueue() {
		// Given two dead letters
		deadLetter();
		deadLetter();
		// When I ask for a page that would take more than 1000 messages out
		WebEndpointResponse<Object> response = this.endpoint.deadLetters(this.queue, 990, 20, SecurityContext.NONE);
		// I expect a 400 that says why, and the dead letters where they were
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getBody().toString())
			.contains("Parameters 'offset' and 'limit' must add up to at most 1000 on RabbitMQ but were 990 + 20")
			.contains("taking its first 'offset' + 'limit' messages out for a moment");
		assertThat(this.broker.queueCounts(this.queue).dead()).isEqualTo(2);
		// while a page within the bound lists them, arguments hidden
		WebEndpointResponse<Object> page = this.endpoint.deadLetters(this.queue, 1, 999, SecurityContext.NONE);
		assertThat(page.getStatus()).isEqualTo(200);
		assertThat(((DeadLettersDescriptor) page.getBody()).messages()).singleElement()
			.satisfies((message) -> assertThat(message).containsEntry("args", "******"));
		await().atMost(TIMEOUT).until(() -> this.broker.queueCounts(this.queue).dead() == 2);
	}

	private void deadLetter() {
		long dead = this.broker.queueCounts(this.queue).dead();
		this.broker.enqueue(Message.create(this.queue, "fail", List.of("secret"), Map.of(), Map.of("max_retries", 0)));
		await().atMost(TIMEOUT).until(() -> this.broker.queueCounts(this.queue).dead() == dead + 1);
	}

}
