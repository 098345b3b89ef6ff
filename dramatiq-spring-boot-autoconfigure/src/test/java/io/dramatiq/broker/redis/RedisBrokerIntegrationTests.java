package io.dramatiq.broker.redis;

import java.util.UUID;

import io.dramatiq.broker.AbstractBrokerTests;
import io.dramatiq.broker.Broker;
import io.dramatiq.message.JsonMessageEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The broker contract on a real Redis, each test in a namespace of its own; raw bodies
 * are written as Python Dramatiq documents for foreign producers (hash field, then list
 * member).
 */
class RedisBrokerIntegrationTests extends AbstractBrokerTests {

	private static RedisTestSupport redis;

	private String namespace;

	@BeforeAll
	static void connect() {
		redis = RedisTestSupport.connect();
	}

	@AfterAll
	static void deleteKeys() {
		if (redis != null) {
			redis.close();
		}
	}

	@Override
	protected Broker createBroker() {
		this.namespace = redis.newNamespace();
		return new RedisBroker(redis.connectionFactory(), new JsonMessageEncoder(),
				RedisBrokerOptions.defaults().withNamespace(this.namespace));
	}

	@Override
	protected void publishRaw(String queueName, byte[] body) {
		redis.publishRaw(this.namespace, queueName, UUID.randomUUID().toString(), body);
	}

}
