package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.redis.RedisScheduleLock;
import io.dramatiq.schedule.ScheduleLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three instances of an application with a periodic actor on the local Redis: each tick
 * is enqueued once, through a key per tick, and once the instance that enqueued the
 * latest tick stops, the others go on, still once per tick.
 */
class RedisPeriodicActorIntegrationTests {

	private static final String HOST = System.getProperty("redis.host", "127.0.0.1");

	private static final int PORT = Integer.getInteger("redis.port", 6379);

	private static final Duration RATE = Duration.ofMillis(500);

	private final String suffix = UUID.randomUUID().toString().substring(0, 8);

	private final String namespace = "dramatiq-schedule-test-" + this.suffix;

	private final String actor = "tick_" + this.suffix;

	@BeforeEach
	void assumeRedis() {
		BrokerAvailability.assumeReachable(HOST, PORT, "Redis", "redis-server --daemonize yes");
	}

	@Test
	void threeInstancesEnqueueEachTickOnceAndGoOnWhenOneStops() {
		try (PeriodicInstances instances = new PeriodicInstances(this.actor)) {
			// Given three instances of an application whose actor ticks twice a second
			for (int i = 0; i < 3; i++) {
				instances.start(RedisApplication.class, properties());
			}
			ConfigurableApplicationContext first = instances.context(0);
			assertThat(first.getBean(ScheduleLock.class)).isInstanceOf(RedisScheduleLock.class);
			// When 20 ticks pass
			instances.awaitTicks(20, Duration.ofSeconds(30));
			// I expect each to be enqueued once, with none left out
			instances.assertEachTickOnce(RATE);
			assertThat(instances.enqueued().stream().map(PeriodicInstances.Enqueued::instance).distinct())
				.as("instances that enqueued")
				.isNotEmpty();
			// When the instance that enqueued the latest tick stops
			int stopped = instances.latestEnqueuer();
			instances.context(stopped).close();
			Instant stoppedAt = Instant.now();
			int before = instances.ticks().size();
			// I expect the next ticks to be enqueued once each by the others
			instances.awaitTicks(before + 3, Duration.ofSeconds(15));
			instances.assertEachTickOnce(RATE);
			assertThat(instances.enqueued())
				.filteredOn((enqueued) -> enqueued.tick() > stoppedAt.toEpochMilli() + RATE.toMillis())
				.isNotEmpty()
				.allMatch((enqueued) -> enqueued.instance() != stopped);
			// and every message to be in the queue, with the last tick recorded in Redis
			ConfigurableApplicationContext survivor = instances.context((stopped + 1) % 3);
			long enqueued = instances.enqueued().size();
			assertThat(survivor.getBean(Broker.class).queueCounts(this.actor).ready()).isGreaterThanOrEqualTo(enqueued);
			assertThat(survivor.getBean(RedisBroker.class).scheduleLock().lastTick(this.actor))
				.hasValueSatisfying((last) -> assertThat(last.toEpochMilli()).isGreaterThanOrEqualTo(
						instances.ticks().keySet().stream().max(Long::compare).orElseThrow() - 1000));
		}
	}

	private String[] properties() {
		return new String[] { "dramatiq.broker.type=redis", "dramatiq.broker.redis.namespace=" + this.namespace,
				"spring.data.redis.host=" + HOST, "spring.data.redis.port=" + PORT, "dramatiq.worker.enabled=false",
				"dramatiq.schedules.[" + this.actor + "].fixed-rate=" + RATE.toMillis() + "ms" };
	}

	@AfterEach
	void deleteKeys() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT));
		factory.afterPropertiesSet();
		factory.start();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(factory);
			Set<String> keys = redis.keys(this.namespace + ":*");
			if (keys != null && !keys.isEmpty()) {
				redis.delete(keys);
			}
		}
		finally {
			factory.destroy();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, DramatiqAutoConfiguration.class })
	static class RedisApplication {

	}

}
