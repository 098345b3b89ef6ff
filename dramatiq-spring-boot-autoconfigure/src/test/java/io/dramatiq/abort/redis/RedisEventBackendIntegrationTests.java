package io.dramatiq.abort.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.dramatiq.abort.AbortMode;
import io.dramatiq.abort.Abortable;
import io.dramatiq.abort.Event;
import io.dramatiq.broker.BrokerAvailability;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis event backend on the real Redis: dramatiq-abort's keys, values and time to
 * live, read and written byte for byte as Python's {@code RedisBackend} does.
 */
class RedisEventBackendIntegrationTests {

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private final String namespace = "dramatiq-abort-test-" + UUID.randomUUID().toString().substring(0, 8) + ":aborts:";

	private final RedisEventBackend backend = new RedisEventBackend(connectionFactory, this.namespace);

	@BeforeAll
	static void connect() {
		BrokerAvailability.assumeReachable(RedisAbortableIntegrationTests.HOST, RedisAbortableIntegrationTests.PORT,
				"Redis");
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(
				RedisAbortableIntegrationTests.HOST, RedisAbortableIntegrationTests.PORT));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		redis = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@AfterEach
	void deleteKeys() {
		redis.delete(redis.keys(this.namespace + "*"));
	}

	@Test
	void abortWritesDramatiqAbortsListsWithPythonsJsonAndTimeToLive() {
		// Given the middleware on this backend
		Abortable abortable = new Abortable(this.backend);
		// When a message is aborted
		abortable.abort("4b7e2f0a-5c1d-4a3e-9f1b-0c2d3e4f5a6b");
		// I expect dramatiq-abort's two lists, each with one JSON object as Python writes
		// it
		String cancel = this.namespace + "cancel:4b7e2f0a-5c1d-4a3e-9f1b-0c2d3e4f5a6b";
		String abort = this.namespace + "abort:4b7e2f0a-5c1d-4a3e-9f1b-0c2d3e4f5a6b";
		assertThat(redis.type(cancel).code()).isEqualTo("list");
		assertThat(redis.opsForList().range(cancel, 0, -1)).containsExactly("{}");
		assertThat(redis.opsForList().range(abort, 0, -1)).containsExactly("{\"abort_timeout\": 0}");
		// and both expiring after dramatiq-abort's 90 s
		assertThat(redis.getExpire(cancel, TimeUnit.MILLISECONDS)).isBetween(1L, 90000L);
		assertThat(redis.getExpire(abort, TimeUnit.MILLISECONDS)).isBetween(1L, 90000L);
	}

	@Test
	void cancelWritesOnlyTheCancelList() {
		new Abortable(this.backend).abort("m1", AbortMode.CANCEL, Duration.ZERO, Duration.ofSeconds(5));
		assertThat(redis.keys(this.namespace + "*")).containsExactly(this.namespace + "cancel:m1");
		assertThat(redis.getExpire(this.namespace + "cancel:m1", TimeUnit.MILLISECONDS)).isBetween(1L, 5000L);
	}

	@Test
	void eventsWrittenAsPythonWritesThemAreReadOnceWithTheirParameters() {
		// Given the lists a Python service's abort(message_id, abort_timeout=250) leaves
		redis.opsForList().rightPush(this.namespace + "cancel:m2", "{}");
		redis.opsForList().rightPush(this.namespace + "abort:m2", "{\"abort_timeout\": 250}");
		// I expect polling to consume the cancel event
		assertThat(this.backend.poll("cancel:m2")).contains(new Event("cancel:m2", Map.of()));
		assertThat(this.backend.poll("cancel:m2")).isEmpty();
		// and waiting on several keys to return the abort event with its timeout
		assertThat(this.backend.waitMany(List.of("abort:other", "abort:m2"), Duration.ofSeconds(1)))
			.hasValueSatisfying((event) -> {
				assertThat(event.key()).isEqualTo("abort:m2");
				assertThat(event.params()).containsEntry("abort_timeout", 250);
			});
		assertThat(redis.hasKey(this.namespace + "abort:m2")).isFalse();
	}

	@Test
	void waitingWithoutEventsReturnsNothingAndAMalformedValueIsNoEvent() {
		assertThat(this.backend.waitMany(List.of("abort:none"), Duration.ofMillis(10))).isEmpty();
		redis.opsForList().rightPush(this.namespace + "cancel:bad", "not json");
		redis.opsForList().rightPush(this.namespace + "cancel:list", "[1]");
		assertThat(this.backend.poll("cancel:bad")).isEmpty();
		assertThat(this.backend.poll("cancel:list")).isEmpty();
	}

}
