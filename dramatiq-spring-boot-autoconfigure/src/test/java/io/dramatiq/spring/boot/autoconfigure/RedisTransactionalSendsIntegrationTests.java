package io.dramatiq.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.dramatiq.broker.BrokerAvailability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Sends that follow the transaction on the local Redis, in a namespace of the test's own.
 */
class RedisTransactionalSendsIntegrationTests extends AbstractTransactionalSendsTests {

	private static final String HOST = "127.0.0.1";

	private static final int PORT = Integer.getInteger("redis.port", 6379);

	private final String namespace = "txsends-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void assumeRedis() {
		BrokerAvailability.assumeReachable(HOST, PORT, "Redis",
				"redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no");
	}

	@Override
	protected ApplicationContextRunner brokerContextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, DramatiqAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=redis", "spring.data.redis.host=" + HOST,
					"spring.data.redis.port=" + PORT, "dramatiq.broker.redis.namespace=" + this.namespace);
	}

	/**
	 * Delete the keys of the test's namespace once its application stopped.
	 */
	@AfterEach
	void deleteNamespace() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT));
		factory.afterPropertiesSet();
		factory.start();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			List<String> keys = new ArrayList<>();
			try (Cursor<String> cursor = redis
				.scan(ScanOptions.scanOptions().match(this.namespace + ":*").count(1000).build())) {
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

}
