package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.GetResponse;
import io.dramatiq.actor.Actor;
import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.message.Message;
import io.dramatiq.spring.ActorClient;
import io.dramatiq.spring.ActorRef;
import io.dramatiq.spring.EnableActorClients;
import io.dramatiq.spring.Kwarg;
import io.dramatiq.spring.SendOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A typed actor client on the local RabbitMQ: a send to a local actor is run by the
 * worker, and a send to a remote actor lands on its queue, untouched by the worker, with
 * the envelope a Python worker reads.
 */
class ActorClientRabbitmqIntegrationTests {

	private static final String HOST = System.getProperty("rabbitmq.host", "127.0.0.1");

	private static final int PORT = Integer.getInteger("rabbitmq.port", 5672);

	static final String LOCAL_QUEUE = "typed_clients_rmq_local";

	static final String REMOTE_QUEUE = "typed_clients_rmq_remote";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=rabbitmq", "spring.rabbitmq.host=" + HOST,
				"spring.rabbitmq.port=" + PORT, "dramatiq.worker.threads=2", "dramatiq.worker.worker-timeout=100ms")
		.withUserConfiguration(ClientConfiguration.class);

	@BeforeEach
	void assumeRabbitmq() throws Exception {
		BrokerAvailability.assumeReachable(HOST, PORT, "RabbitMQ", "rabbitmq-server -detached");
		deleteQueues();
	}

	@Test
	void clientSendsToALocalActorAndARemoteActorsQueue() {
		this.contextRunner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			OrderClient client = context.getBean(OrderClient.class);
			// When I send to the local actor, I expect the worker to run it
			client.ship("A-1", 2);
			await().atMost(Duration.ofSeconds(20)).until(() -> orders.shipped.size() == 1);
			assertThat(orders.shipped).containsExactly(List.of("A-1", 2));
			// When I send to the remote actor, I expect its envelope on its queue
			Message sent = client.invoice("A-1", "EUR", SendOptions.option("max_retries", 5));
			Map<String, Object> envelope = await().atMost(Duration.ofSeconds(20))
				.until(() -> get(REMOTE_QUEUE), (body) -> body != null);
			assertThat(envelope).containsEntry("queue_name", REMOTE_QUEUE)
				.containsEntry("actor_name", "make_invoice")
				.containsEntry("args", List.of("A-1"))
				.containsEntry("kwargs", Map.of("currency", "EUR"))
				.containsEntry("options", Map.of("max_retries", 5))
				.containsEntry("message_id", sent.messageId());
		});
	}

	@AfterEach
	void deleteQueues() throws Exception {
		CachingConnectionFactory factory = new CachingConnectionFactory(HOST, PORT);
		try {
			Channel channel = factory.createConnection().createChannel(false);
			for (String queue : List.of(LOCAL_QUEUE, REMOTE_QUEUE)) {
				for (String name : List.of(queue, queue + ".DQ", queue + ".XQ")) {
					channel.queueDelete(name);
				}
			}
			channel.close();
		}
		finally {
			factory.destroy();
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> get(String queue) throws Exception {
		CachingConnectionFactory factory = new CachingConnectionFactory(HOST, PORT);
		try {
			Channel channel = factory.createConnection().createChannel(false);
			GetResponse response = channel.basicGet(queue, true);
			channel.close();
			return (response != null) ? JsonMapper.builder().build().readValue(response.getBody(), Map.class) : null;
		}
		finally {
			factory.destroy();
		}
	}

	@ActorClient
	interface OrderClient {

		@ActorRef(name = "ship_order")
		void ship(String orderId, int copies);

		@ActorRef(name = "make_invoice", queue = REMOTE_QUEUE)
		Message invoice(String orderId, @Kwarg("currency") String currency, SendOptions options);

	}

	public static class Orders {

		final List<List<Object>> shipped = new CopyOnWriteArrayList<>();

		@Actor(name = "ship_order", queueName = LOCAL_QUEUE)
		public void ship(String orderId, int copies) {
			this.shipped.add(List.of(orderId, copies));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableActorClients(clients = OrderClient.class)
	static class ClientConfiguration {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

}
