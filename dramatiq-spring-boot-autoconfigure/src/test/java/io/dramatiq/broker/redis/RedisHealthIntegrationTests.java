package io.dramatiq.broker.redis;

import java.io.IOException;
import java.net.ServerSocket;

import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.spring.boot.actuate.DramatiqHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code dramatiq} health of a {@link RedisBroker}: UP on the real Redis at
 * 127.0.0.1:6379, DOWN on a port where no Redis listens.
 */
class RedisHealthIntegrationTests {

	@Test
	void healthIsUpWhenRedisAnswers() {
		try (RedisTestSupport redis = RedisTestSupport.connect();
				RedisBroker broker = new RedisBroker(redis.connectionFactory(), new JsonMessageEncoder(),
						RedisBrokerOptions.defaults().withNamespace(redis.newNamespace()))) {
			Health health = new DramatiqHealthIndicator(broker, null).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("broker", "redis");
		}
	}

	@Test
	void healthIsDownWhenRedisIsStopped() throws IOException {
		// Given a port where nothing listens, as a stopped Redis
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		try (RedisTestSupport redis = RedisTestSupport.connect(port);
				RedisBroker broker = new RedisBroker(redis.connectionFactory(), new JsonMessageEncoder())) {
			Health health = new DramatiqHealthIndicator(broker, null).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("broker", "redis").containsKey("error");
		}
	}

}
