package io.dramatiq.spring.boot.dashboard;

import java.util.Set;
import java.util.UUID;

import io.dramatiq.broker.BrokerAvailability;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard on a real Redis, in a namespace of its own whose keys it deletes when
 * done; the workers page shows this process's heartbeat.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dramatiq.broker.type=redis", "dramatiq.dashboard.enabled=true",
				"dramatiq.dashboard.refresh-interval=300ms", "dramatiq.worker.worker-timeout=50ms",
				"management.endpoint.dramatiq.access=unrestricted", "management.endpoint.dramatiq.show-values=always" })
@DirtiesContext
class DashboardRedisBrowserIntegrationTests extends AbstractDashboardBrowserTests {

	static final String HOST = System.getProperty("redis.host", "127.0.0.1");

	static final int PORT = Integer.getInteger("redis.port", 6379);

	static final String QUEUE = newQueueName();

	static final String NAMESPACE = "dashboard-" + UUID.randomUUID().toString().substring(0, 8);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("dashboard-test.queue", () -> QUEUE);
		registry.add("dramatiq.broker.redis.namespace", () -> NAMESPACE);
		registry.add("spring.data.redis.host", () -> HOST);
		registry.add("spring.data.redis.port", () -> PORT);
	}

	@BeforeAll
	static void redisAnswers() {
		BrokerAvailability.assumeReachable(HOST, PORT, "Redis", "redis-server --daemonize yes");
	}

	@BeforeEach
	void deleteTheKeysWhenDone() {
		if (this.outcomes.onClose.isEmpty()) {
			this.outcomes.onClose.add(() -> {
				LettuceConnectionFactory factory = new LettuceConnectionFactory(
						new RedisStandaloneConfiguration(HOST, PORT));
				factory.afterPropertiesSet();
				factory.start();
				try {
					StringRedisTemplate redis = new StringRedisTemplate(factory);
					Set<String> keys = redis.keys(NAMESPACE + ":*");
					if (keys != null && !keys.isEmpty()) {
						redis.delete(keys);
					}
				}
				finally {
					factory.destroy();
				}
			});
		}
	}

	@Override
	void assertWorkers() {
		awaitContains(By.id("processes"), "(this process)");
		assertThat(browser.findElement(By.id("processes")).getText()).contains("alive");
		assertThat(browser.findElement(By.tagName("main")).getText())
			.contains("Every process sharing namespace '" + NAMESPACE + "' writes a heartbeat");
	}

}
