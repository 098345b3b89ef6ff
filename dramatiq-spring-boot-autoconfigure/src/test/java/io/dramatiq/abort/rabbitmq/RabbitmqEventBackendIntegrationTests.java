package io.dramatiq.abort.rabbitmq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.dramatiq.abort.Event;
import io.dramatiq.broker.BrokerAvailability;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broadcast event backend on the real RabbitMQ: every subscribed process receives a
 * request, each consumes its own copy, and one subscribed too late never hears of it.
 */
class RabbitmqEventBackendIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static CachingConnectionFactory connectionFactory;

	private final String exchange = "dramatiq.aborts.test-" + UUID.randomUUID().toString().substring(0, 8);

	private final RabbitmqEventBackend first = new RabbitmqEventBackend(connectionFactory, this.exchange);

	private final RabbitmqEventBackend second = new RabbitmqEventBackend(connectionFactory, this.exchange);

	private final RabbitmqEventBackend late = new RabbitmqEventBackend(connectionFactory, this.exchange);

	@BeforeAll
	static void connect() {
		BrokerAvailability.assumeReachable(RabbitmqAbortableIntegrationTests.HOST,
				RabbitmqAbortableIntegrationTests.PORT, "RabbitMQ");
		connectionFactory = new CachingConnectionFactory(RabbitmqAbortableIntegrationTests.HOST,
				RabbitmqAbortableIntegrationTests.PORT);
	}

	@AfterAll
	static void disconnect() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@AfterEach
	void close() throws Exception {
		this.first.close();
		this.second.close();
		this.late.close();
		try (Channel channel = connectionFactory.createConnection().createChannel(false)) {
			channel.exchangeDelete(this.exchange);
		}
	}

	@Test
	void everySubscribedProcessReceivesTheRequestAndALateOneDoesNot() {
		// Given two processes subscribed to the requests
		this.first.start();
		this.second.start();
		assertThat(this.first.queue()).isPresent();
		// When one of them broadcasts an abort request
		Event cancel = new Event("cancel:m1", Map.of());
		Event abort = new Event("abort:m1", Map.of("abort_timeout", 0));
		this.first.notify(List.of(cancel, abort), Duration.ofMinutes(1));
		// I expect each to receive both events and to consume its own copy once
		assertThat(this.first.waitMany(List.of("cancel:m1"), WAIT)).contains(cancel);
		assertThat(this.second.waitMany(List.of("cancel:m1"), WAIT)).contains(cancel);
		assertThat(this.first.poll("cancel:m1")).isEmpty();
		assertThat(this.second.waitMany(List.of("abort:m1"), WAIT))
			.hasValueSatisfying((event) -> assertThat(event.params()).containsEntry("abort_timeout", 0));
		// and a process that subscribes afterwards not to know of it
		this.late.start();
		this.first.notify(List.of(new Event("cancel:m2", Map.of())), Duration.ofMinutes(1));
		assertThat(this.late.waitMany(List.of("cancel:m2"), WAIT)).isPresent();
		assertThat(this.late.poll("cancel:m1")).isEmpty();
	}

	@Test
	void aMalformedBroadcastIsIgnoredAndTheNextOneStillArrives() throws Exception {
		// Given a subscribed process
		this.first.start();
		// When something else publishes garbage to the exchange, then a real request
		try (Channel channel = connectionFactory.createConnection().createChannel(false)) {
			channel.basicPublish(this.exchange, "", new AMQP.BasicProperties(),
					"not json".getBytes(StandardCharsets.UTF_8));
		}
		this.second.notify(List.of(new Event("cancel:m3", Map.of())), Duration.ofMinutes(1));
		// I expect the real request to arrive all the same
		assertThat(this.first.waitMany(List.of("cancel:m3"), WAIT)).isPresent();
	}

}
