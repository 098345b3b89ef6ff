package io.dramatiq.ratelimit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.dramatiq.broker.redis.RedisClusterTestSupport;
import io.dramatiq.ratelimit.Barrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link RedisRateLimiterBackend} and {@link Barrier} on a real Redis Cluster (start it
 * with {@code bash scripts/redis-cluster.sh start}): each operation touches one key, so
 * counters, barriers and their {@code @events} lists work whatever slot they land in.
 */
class RedisRateLimiterBackendClusterIntegrationTests {

	private static final Duration TTL = Duration.ofMinutes(15);

	private RedisClusterTestSupport cluster;

	private RedisRateLimiterBackend backend;

	private String prefix;

	@BeforeEach
	void connect() {
		this.cluster = RedisClusterTestSupport.connect();
		this.backend = new RedisRateLimiterBackend(this.cluster.connectionFactory());
		this.prefix = "dramatiq-ratelimit-test-" + UUID.randomUUID();
		this.cluster.deleteOnClose(this.prefix + "*");
	}

	@AfterEach
	void close() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	void countersStopAtTheirBoundsAndNeverLoseAConcurrentUpdate() {
		String key = this.prefix + ":counter";
		assertThat(this.backend.add(key, 1, TTL)).isTrue();
		assertThat(this.backend.add(key, 5, TTL)).isFalse();
		assertThat(this.backend.incr(key, 1, 2, TTL)).isTrue();
		assertThat(this.backend.incr(key, 1, 2, TTL)).isFalse();
		assertThat(this.backend.decr(key, 2, 0, TTL)).isTrue();
		assertThat(this.backend.decr(key, 1, 0, TTL)).isFalse();
		List<CompletableFuture<Void>> callers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			callers.add(CompletableFuture.runAsync(() -> {
				for (int j = 0; j < 25; j++) {
					assertThat(this.backend.incr(key, 1, 1000, TTL)).isTrue();
				}
			}));
		}
		CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).join();
		assertThat(this.cluster.redis().opsForValue().get(key)).isEqualTo("100");
		assertThat(this.cluster.redis().getExpire(key, TimeUnit.MILLISECONDS)).isPositive();
	}

	@Test
	void aBarrierReleasesItsWaitersWhenTheLastPartyArrives() throws Exception {
		Barrier barrier = new Barrier(this.backend, this.prefix + ":barrier", TTL);
		assertThat(barrier.create(2)).isTrue();
		CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> barrier.await(Duration.ofSeconds(20)));
		assertThat(barrier.await(Duration.ofSeconds(20))).isTrue();
		assertThat(first.get(20, TimeUnit.SECONDS)).isTrue();
		assertThat(this.cluster.redis().opsForList().range(barrier.eventsKey(), 0, -1)).containsExactly("x");
	}

	@Test
	void incrAndSumSumsKeysOfOneHashSlotAndRejectsKeysOfSeveral() {
		String tagged = "{" + this.prefix + "}";
		this.cluster.deleteOnClose(tagged + "*");
		List<String> window = List.of(tagged + "@2", tagged + "@1");
		assertThat(this.backend.incrAndSum(window.get(0), window, 1, 2, TTL)).isTrue();
		assertThat(this.backend.incrAndSum(window.get(1), window, 1, 2, TTL)).isTrue();
		assertThat(this.backend.incrAndSum(window.get(0), window, 1, 2, TTL)).isFalse();
		assertThat(this.cluster.redis().opsForValue().get(window.get(0))).isEqualTo("1");
		List<String> scattered = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			scattered.add(this.prefix + ":" + i);
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.backend.incrAndSum(scattered.get(0), scattered, 1, 2, TTL))
			.withMessageContaining("{api}");
	}

}
