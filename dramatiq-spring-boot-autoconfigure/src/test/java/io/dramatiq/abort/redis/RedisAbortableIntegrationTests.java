package io.dramatiq.abort.redis;

import java.util.UUID;

import io.dramatiq.abort.AbstractAbortableTests;
import io.dramatiq.abort.EventBackend;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.redis.RedisBrokerOptions;
import io.dramatiq.message.JsonMessageEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Aborting on the real Redis at 127.0.0.1:6379: the Redis broker with the Redis event
 * backend, each in a namespace of its own.
 */
class RedisAbortableIntegrationTests extends AbstractAbortableTests {

	static final String HOST = "127.0.0.1";

	static final int PORT = Integer.getInteger("redis.port", 6379);

	private static LettuceConnectionFactory connectionFactory;

	private final String id = UUID.randomUUID().toString().substring(0, 8);

	private RedisBroker broker;

	@BeforeAll
	static void connect() {
		BrokerAvailability.assumeReachable(HOST, PORT, "Redis");
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
	}

	@AfterAll
	static void disconnect() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@Override
	protected Broker createBroker() {
		this.broker = new RedisBroker(connectionFactory, new JsonMessageEncoder(),
				RedisBrokerOptions.defaults().withNamespace("dramatiq-abort-test-" + this.id));
		return this.broker;
	}

	@Override
	protected EventBackend createBackend() {
		return new RedisEventBackend(connectionFactory, "dramatiq-abort-test-" + this.id + ":aborts:");
	}

	@Override
	protected void cleanUp() {
		this.broker.close();
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
		redis.delete(redis.keys("dramatiq-abort-test-" + this.id + "*"));
	}

}
