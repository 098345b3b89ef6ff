package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

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

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A typed actor client on the local Redis, in a namespace of its own: a send to a local
 * actor is run by the worker, and a send to a remote actor is stored on its queue,
 * untouched by the worker, with the envelope a Python worker reads.
 */
class ActorClientRedisIntegrationTests {

	private static final String HOST = "127.0.0.1";

	private static final int PORT = Integer.getInteger("redis.port", 6379);

	static final String LOCAL_QUEUE = "orders";

	static final String REMOTE_QUEUE = "invoices";

	private final String namespace = "dramatiq-clients-" + UUID.randomUUID().toString().substring(0, 8);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=redis", "spring.data.redis.host=" + HOST,
				"spring.data.redis.port=" + PORT, "dramatiq.broker.redis.namespace=" + this.namespace,
				"dramatiq.worker.threads=2", "dramatiq.worker.worker-timeout=100ms")
		.withUserConfiguration(ClientConfiguration.class);

	@BeforeEach
	void assumeRedis() {
		BrokerAvailability.assumeReachable(HOST, PORT, "Redis",
				"redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no");
	}

	@Test
	@SuppressWarnings("unchecked")
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
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			String key = this.namespace + ":" + REMOTE_QUEUE + ".msgs";
			List<Object> bodies = await().atMost(Duration.ofSeconds(20))
				.until(() -> redis.opsForHash().values(key), (values) -> !values.isEmpty());
			assertThat(bodies).hasSize(1);
			Map<String, Object> envelope = envelope((String) bodies.get(0));
			assertThat(envelope).containsEntry("queue_name", REMOTE_QUEUE)
				.containsEntry("actor_name", "make_invoice")
				.containsEntry("args", List.of("A-1"))
				.containsEntry("kwargs", Map.of("currency", "EUR"))
				.containsEntry("message_id", sent.messageId());
			// Redis adds the id of the message in its queue, as Python's Redis broker
			// does
			assertThat((Map<String, Object>) envelope.get("options")).containsEntry("max_retries", 5)
				.containsOnlyKeys("max_retries", "redis_message_id");
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> envelope(String json) {
		return JsonMapper.builder().build().readValue(json, Map.class);
	}

	@AfterEach
	void deleteNamespace() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT));
		factory.afterPropertiesSet();
		factory.start();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			List<String> keys = new ArrayList<>();
			try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(this.namespace + ":*").build())) {
				cursor.forEachRemaining(keys::add);
			}
			if (!keys.isEmpty()) {
				redis.delete(keys);
			}
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
