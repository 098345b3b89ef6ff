package io.dramatiq.results.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.results.ResultFailureException;
import io.dramatiq.results.ResultMissingException;
import io.dramatiq.results.ResultTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisResultBackend} against a real Redis: the layout Python reads and
 * non-destructive blocking reads.
 */
class RedisResultBackendIntegrationTests {

	private static final String HOST = "127.0.0.1";

	private static final int PORT = Integer.getInteger("redis.port", 6379);

	private LettuceConnectionFactory connectionFactory;

	private StringRedisTemplate redis;

	private RedisResultBackend backend;

	private String namespace;

	@BeforeEach
	void connect() {
		BrokerAvailability.assumeReachable(HOST, PORT, "Redis");
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.redis = new StringRedisTemplate(this.connectionFactory);
		this.namespace = "dramatiq-results-test-" + UUID.randomUUID();
		this.backend = new RedisResultBackend(this.connectionFactory, this.namespace, true, new JsonMessageEncoder());
	}

	@AfterEach
	void cleanUp() {
		if (this.connectionFactory != null) {
			List<String> keys = List.copyOf(this.redis.keys(this.namespace + ":*"));
			if (!keys.isEmpty()) {
				this.redis.delete(keys);
			}
			this.connectionFactory.destroy();
		}
	}

	private static Message message() {
		return Message.create("default.DQ", "add", List.of(1, 2), Map.of(), Map.of());
	}

	@Test
	void storedResultIsOneElementListWithTtl() {
		Message message = message();
		this.backend.storeResult(message, 3, Duration.ofMinutes(10));
		String key = this.backend.buildKey(message);
		assertThat(key).isEqualTo(this.namespace + ":default:add:" + message.messageId());
		assertThat(this.redis.type(key)).isEqualTo(DataType.LIST);
		assertThat(this.redis.opsForList().range(key, 0, -1)).containsExactly("3");
		assertThat(this.redis.getExpire(key, TimeUnit.MILLISECONDS)).isPositive().isLessThanOrEqualTo(600000);
		assertThat(this.backend.getResult(message)).isEqualTo(3);
	}

	@Test
	void storingAgainReplacesTheValue() {
		Message message = message();
		this.backend.storeResult(message, 3, Duration.ofMinutes(10));
		this.backend.storeFailure(message, "ZeroDivisionError", "division by zero", Duration.ofMinutes(10));
		String key = this.backend.buildKey(message);
		assertThat(this.redis.opsForList().range(key, 0, -1)).containsExactly(
				"{\"__t\":\"dramatiq.results.Result\",\"exn\":{\"type\":\"ZeroDivisionError\",\"msg\":\"division by zero\"}}");
		assertThatExceptionOfType(ResultFailureException.class).isThrownBy(() -> this.backend.getResult(message))
			.satisfies((ex) -> assertThat(ex.getType()).isEqualTo("ZeroDivisionError"));
	}

	@Test
	void valueStoredByPythonIsRead() {
		Message message = message();
		String key = this.backend.buildKey(message);
		this.redis.opsForList().leftPush(key, "[1,\"x\"]");
		assertThat(this.backend.getResult(message)).isEqualTo(List.of(1, "x"));
	}

	@Test
	void blockingReadLeavesValueInPlace() {
		Message message = message();
		this.backend.storeResult(message, "x", Duration.ofMinutes(10));
		assertThat(this.backend.getResult(message, Duration.ofSeconds(1))).isEqualTo("x");
		assertThat(this.backend.getResult(message, Duration.ofSeconds(1))).isEqualTo("x");
		assertThat(this.redis.opsForList().range(this.backend.buildKey(message), 0, -1)).containsExactly("\"x\"");
	}

	@Test
	void subSecondTimeoutIsHonoured() {
		Message message = message();
		long start = System.nanoTime();
		assertThatExceptionOfType(ResultTimeoutException.class)
			.isThrownBy(() -> this.backend.getResult(message, Duration.ofMillis(200)));
		long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(elapsed).isGreaterThanOrEqualTo(200).isLessThan(1000);
	}

	@Test
	void missingResultWithoutWaiting() {
		assertThatExceptionOfType(ResultMissingException.class).isThrownBy(() -> this.backend.getResult(message()));
	}

	@Test
	void valueStoredByAnotherThreadWakesBlockedReader() throws Exception {
		Message message = message();
		CompletableFuture<Object> reader = CompletableFuture
			.supplyAsync(() -> this.backend.getResult(message, Duration.ofSeconds(20)));
		await().atMost(Duration.ofSeconds(5)).until(this::someClientRunsBlmove);
		assertThat(reader).isNotDone();
		long start = System.nanoTime();
		CompletableFuture.runAsync(() -> this.backend.storeResult(message, List.of(1, 2), Duration.ofMinutes(1)));
		assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(List.of(1, 2));
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
		assertThat(this.backend.getResult(message)).isEqualTo(List.of(1, 2));
	}

	private boolean someClientRunsBlmove() {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return connection.serverCommands()
				.getClientList()
				.stream()
				.anyMatch((client) -> "blmove".equals(client.get("cmd")));
		}
	}

	@Test
	void defaultKeyIsMd5() {
		RedisResultBackend hashed = new RedisResultBackend(this.connectionFactory);
		Message message = Message.fromWire("default", "add", List.of(), Map.of(), Map.of(),
				"4f3c5fb0-5a4e-4c3c-b0a7-5d1e0b6b8d11", 0L);
		assertThat(hashed.buildKey(message)).isEqualTo("693f5bac89e32cf9608f555c0b183827");
		assertThat(hashed.type()).isEqualTo("redis");
		assertThat(new String(hashed.encoder().encodeValue(3), StandardCharsets.UTF_8)).isEqualTo("3");
	}

}
