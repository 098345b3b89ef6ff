package io.dramatiq.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.Delivery;
import io.dramatiq.broker.TcpProxy;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.types.RedisClientInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The wake-up subscription on the real Redis survives the loss of its connection, with
 * both clients of Spring Data Redis: the server kills the subscriber's connection
 * ({@code CLIENT KILL}), a new subscription comes up, and an idle consumer is woken by
 * the next message again. Lettuce renews a subscription by itself; with Jedis the
 * subscription ends with its connection, and the broker subscribes again. A subscription
 * that fails because Redis is down is tried again until Redis answers.
 */
class RedisWakeupsIntegrationTests extends AbstractRedisIntegrationTests {

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	// runs after every @AfterEach
	@RegisterExtension
	final AfterEachCallback closeResources = (context) -> {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	};

	@ParameterizedTest
	@ValueSource(strings = { "jedis", "lettuce" })
	void wakeUpsComeBackAfterTheSubscriptionsConnectionIsKilled(String client) throws Exception {
		// Given a broker's wake-ups on a connection factory whose connections carry a
		// name of their own, subscribed for an idle queue
		String clientName = "dramatiq-wakeups-" + UUID.randomUUID().toString().substring(0, 8);
		RedisConnectionFactory connectionFactory = connectionFactory(client, clientName);
		RedisBroker broker = broker(connectionFactory);
		RedisWakeups wakeups = new RedisWakeups(connectionFactory, this.ns);
		this.resources.add(wakeups::close);
		AtomicInteger woken = new AtomicInteger();
		wakeups.register("idle", woken::incrementAndGet);
		RedisClientInfo subscriber = await().atMost(WAIT).until(() -> subscriber(clientName), (info) -> info != null);
		// When Redis kills the subscriber's connection
		kill(subscriber);
		// I expect a new subscription on another connection
		await().atMost(WAIT).until(() -> {
			RedisClientInfo renewed = subscriber(clientName);
			return renewed != null && !renewed.get("id").equals(subscriber.get("id"));
		});
		// and a message landing on the empty queue to wake the queue's listeners
		broker.enqueue(Message.create("idle", "work", List.of(1), Map.of(), Map.of()));
		await().atMost(Duration.ofSeconds(5)).until(() -> woken.get() == 1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "jedis", "lettuce" })
	void anIdleConsumerPicksUpAMessageAtOnceAfterTheSubscriptionsConnectionIsKilled(String client) {
		// Given an idle consumer whose polls back off up to 30 s
		String clientName = "dramatiq-wakeups-" + UUID.randomUUID().toString().substring(0, 8);
		RedisBroker broker = broker(connectionFactory(client, clientName));
		Consumer consumer = broker.consume("idle", 1, Duration.ofSeconds(30));
		this.resources.add(consumer);
		CompletableFuture<Delivery> received = CompletableFuture.supplyAsync(() -> nextDelivery(consumer));
		RedisClientInfo subscriber = await().atMost(WAIT).until(() -> subscriber(clientName), (info) -> info != null);
		// When Redis kills the subscription's connection, and it is renewed
		kill(subscriber);
		await().atMost(WAIT).until(() -> {
			RedisClientInfo renewed = subscriber(clientName);
			return renewed != null && !renewed.get("id").equals(subscriber.get("id"));
		});
		// I expect a message sent then to be picked up well before polling would
		broker.enqueue(Message.create("idle", "work", List.of(1), Map.of(), Map.of()));
		await().atMost(Duration.ofSeconds(1)).until(received::isDone);
		assertThat(received.join().message().args()).containsExactly(1);
	}

	@Test
	void wakeUpsSubscribeOnceRedisAnswersWhenItWasDownAtFirst() throws Exception {
		// Given Redis behind a proxy that is down
		TcpProxy proxy = new TcpProxy(RedisTestSupport.HOST, RedisTestSupport.PORT).start();
		this.resources.add(proxy);
		proxy.stop();
		String clientName = "dramatiq-wakeups-" + UUID.randomUUID().toString().substring(0, 8);
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(RedisTestSupport.HOST, proxy.port()),
				LettuceClientConfiguration.builder().clientName(clientName).build());
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		this.resources.add(connectionFactory::destroy);
		// When a queue's listener registers while it is down, and Redis comes back
		RedisWakeups wakeups = new RedisWakeups(connectionFactory, this.ns);
		this.resources.add(wakeups::close);
		AtomicInteger woken = new AtomicInteger();
		wakeups.register("idle", woken::incrementAndGet);
		proxy.start();
		// I expect the subscription to come up, and wake the listener
		await().atMost(Duration.ofSeconds(60)).until(() -> subscriber(clientName) != null);
		broker(connectionFactory).enqueue(Message.create("idle", "work", List.of(1), Map.of(), Map.of()));
		await().atMost(Duration.ofSeconds(5)).until(() -> woken.get() == 1);
	}

	private static Delivery nextDelivery(Consumer consumer) {
		try {
			Delivery delivery = null;
			while (delivery == null) {
				delivery = consumer.next();
			}
			return delivery;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private RedisBroker broker(RedisConnectionFactory connectionFactory) {
		RedisBroker broker = new RedisBroker(connectionFactory, new JsonMessageEncoder(), options());
		this.resources.add(broker);
		broker.declareQueue("idle");
		return broker;
	}

	private RedisConnectionFactory connectionFactory(String client, String clientName) {
		RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(RedisTestSupport.HOST,
				RedisTestSupport.PORT);
		if (client.equals("jedis")) {
			JedisConnectionFactory jedis = new JedisConnectionFactory(server,
					JedisClientConfiguration.builder().clientName(clientName).build());
			jedis.afterPropertiesSet();
			jedis.start();
			this.resources.add(jedis::destroy);
			return jedis;
		}
		LettuceConnectionFactory lettuce = new LettuceConnectionFactory(server,
				LettuceClientConfiguration.builder().clientName(clientName).build());
		lettuce.afterPropertiesSet();
		lettuce.start();
		this.resources.add(lettuce::destroy);
		return lettuce;
	}

	/**
	 * Return the connection of a client name that is subscribed to a channel, if any.
	 */
	private RedisClientInfo subscriber(String clientName) {
		return redis().getClientList()
			.stream()
			.filter((info) -> clientName.equals(info.get("name")) && "1".equals(info.get("sub")))
			.findFirst()
			.orElse(null);
	}

	private void kill(RedisClientInfo client) {
		String address = client.getAddressPort();
		int colon = address.lastIndexOf(':');
		redis().killClient(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
	}

}
