package io.dramatiq.results.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.dramatiq.broker.redis.RedisClusterTestSupport;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.results.ResultTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link RedisResultBackend} on a real Redis Cluster (start it with
 * {@code bash scripts/redis-cluster.sh start}): a result is one key, stored by a one-key
 * script and read with {@code BLMOVE} on that key, so results of any slot work.
 */
class RedisResultBackendClusterIntegrationTests {

	private RedisClusterTestSupport cluster;

	private RedisResultBackend backend;

	@BeforeEach
	void connect() {
		this.cluster = RedisClusterTestSupport.connect();
		String namespace = "dramatiq-results-test-" + UUID.randomUUID();
		this.cluster.deleteOnClose(namespace + ":*");
		this.backend = new RedisResultBackend(this.cluster.connectionFactory(), namespace, true,
				new JsonMessageEncoder());
	}

	@AfterEach
	void close() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	void resultsAreStoredAndReadFromManySlots() {
		for (int i = 0; i < 10; i++) {
			Message message = Message.create("default", "add", List.of(i), Map.of(), Map.of());
			this.backend.storeResult(message, i, Duration.ofMinutes(1));
			assertThat(this.backend.getResult(message)).isEqualTo(i);
			assertThat(this.backend.getResult(message, Duration.ofSeconds(1))).isEqualTo(i);
		}
	}

	@Test
	void aBlockedReaderIsWokenByTheResultAndTimesOutWithoutOne() throws Exception {
		Message message = Message.create("default", "add", List.of(1), Map.of(), Map.of());
		CompletableFuture<Object> reader = CompletableFuture
			.supplyAsync(() -> this.backend.getResult(message, Duration.ofSeconds(20)));
		this.backend.storeResult(message, List.of(1, 2), Duration.ofMinutes(1));
		assertThat(reader.get(20, TimeUnit.SECONDS)).isEqualTo(List.of(1, 2));
		Message other = Message.create("default", "add", List.of(2), Map.of(), Map.of());
		assertThatExceptionOfType(ResultTimeoutException.class)
			.isThrownBy(() -> this.backend.getResult(other, Duration.ofMillis(200)));
	}

}
