package io.dramatiq.ratelimit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.ratelimit.Barrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * {@link RedisRateLimiterBackend} and {@link Barrier} against a real Redis: Python's key
 * layout and values (spec §11.1, §11.5, C78).
 */
class RedisRateLimiterBackendIntegrationTests {

	private static final String HOST = "127.0.0.1";

	private static final int PORT = Integer.getInteger("redis.port", 6379);

	private static final Duration TTL = Duration.ofMinutes(15);

	private LettuceConnectionFactory connectionFactory;

	private StringRedisTemplate redis;

	private RedisRateLimiterBackend backend;

	private final List<String> keys = new ArrayList<>();

	@BeforeEach
	void connect() {
		BrokerAvailability.assumeReachable(HOST, PORT, "Redis");
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.redis = new StringRedisTemplate(this.connectionFactory);
		this.backend = new RedisRateLimiterBackend(this.connectionFactory);
	}

	@AfterEach
	void cleanUp() {
		if (this.connectionFactory != null) {
			this.redis.delete(this.keys);
			this.connectionFactory.destroy();
		}
	}

	private String newKey() {
		String key = "dramatiq-ratelimit-test-" + UUID.randomUUID();
		this.keys.add(key);
		this.keys.add(key + "@events");
		return key;
	}

	private long pttl(String key) {
		return this.redis.getExpire(key, TimeUnit.MILLISECONDS);
	}

	@Test
	void addSetsOnlyAbsentKeysWithTheirTtl() {
		String key = newKey();
		assertThat(this.backend.add(key, 2, TTL)).isTrue();
		assertThat(this.backend.add(key, 5, TTL)).isFalse();
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("2");
		assertThat(pttl(key)).isBetween(TTL.toMillis() - 5000, TTL.toMillis());
	}

	@Test
	void incrStopsAtTheMaximumAndResetsTheTtl() {
		String key = newKey();
		this.backend.add(key, 1, Duration.ofSeconds(30));
		assertThat(this.backend.incr(key, 1, 2, TTL)).isTrue();
		assertThat(pttl(key)).isGreaterThan(Duration.ofSeconds(30).toMillis());
		assertThat(this.backend.incr(key, 1, 2, TTL)).isFalse();
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("2");
		// a missing key counts as 0
		String missing = newKey();
		assertThat(this.backend.incr(missing, 3, 3, TTL)).isTrue();
		assertThat(this.redis.opsForValue().get(missing)).isEqualTo("3");
	}

	@Test
	void decrStopsAtTheMinimum() {
		String key = newKey();
		this.backend.add(key, 2, TTL);
		assertThat(this.backend.decr(key, 1, 0, TTL)).isTrue();
		assertThat(this.backend.decr(key, 1, 0, TTL)).isTrue();
		assertThat(this.backend.decr(key, 1, 0, TTL)).isFalse();
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("0");
	}

	@Test
	void concurrentIncrementsRetryAndNeverLoseAnUpdate() {
		String key = newKey();
		List<CompletableFuture<Void>> callers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			callers.add(CompletableFuture.runAsync(() -> {
				for (int j = 0; j < 25; j++) {
					assertThat(this.backend.incr(key, 1, 1000, TTL)).isTrue();
				}
			}));
		}
		CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).join();
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("100");
	}

	@Test
	void incrAndSumWatchesEveryKeyAndSetsOnlyTheFirst() {
		String key = newKey();
		String current = key + "@2";
		String previous = key + "@1";
		this.keys.add(current);
		this.keys.add(previous);
		this.redis.opsForValue().set(previous, "1");
		List<String> window = List.of(current, previous);
		assertThat(this.backend.incrAndSum(current, window, 1, 3, TTL)).isTrue();
		assertThat(this.backend.incrAndSum(current, window, 1, 3, TTL)).isTrue();
		assertThat(this.backend.incrAndSum(current, window, 1, 3, TTL)).isFalse();
		assertThat(this.redis.opsForValue().get(current)).isEqualTo("2");
		assertThat(this.redis.opsForValue().get(previous)).isEqualTo("1");
		assertThat(pttl(current)).isBetween(TTL.toMillis() - 5000, TTL.toMillis());
		assertThat(this.backend.incrAndSum(key, List.of(key), 4, 3, TTL)).isFalse();
		assertThat(this.redis.hasKey(key)).isFalse();
	}

	@Test
	void concurrentIncrAndSumNeverExceedsTheMaximum() {
		String key = newKey();
		String other = key + "@other";
		this.keys.add(other);
		List<CompletableFuture<Integer>> callers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			String mine = (i % 2 == 0) ? key : other;
			callers.add(CompletableFuture.supplyAsync(() -> {
				int acquired = 0;
				for (int j = 0; j < 25; j++) {
					acquired += this.backend.incrAndSum(mine, List.of(key, other), 1, 50, TTL) ? 1 : 0;
				}
				return acquired;
			}));
		}
		int total = callers.stream().mapToInt(CompletableFuture::join).sum();
		assertThat(total).isEqualTo(50);
		assertThat(
				Long.parseLong(this.redis.opsForValue().get(key)) + Long.parseLong(this.redis.opsForValue().get(other)))
			.isEqualTo(50);
	}

	@Test
	void notificationIsAListOfXLeftInPlace() {
		String key = newKey() + "@events";
		assertThat(this.backend.await(key, Duration.ofSeconds(1))).isFalse();
		this.backend.notifyWaiters(key, TTL);
		assertThat(this.redis.opsForList().range(key, 0, -1)).containsExactly("x");
		assertThat(pttl(key)).isBetween(TTL.toMillis() - 5000, TTL.toMillis());
		assertThat(this.backend.await(key, Duration.ofSeconds(1))).isTrue();
		assertThat(this.backend.await(key, null)).isTrue();
		assertThat(this.redis.opsForList().range(key, 0, -1)).containsExactly("x");
		assertThatIllegalArgumentException().isThrownBy(() -> this.backend.await(key, Duration.ofMillis(999)));
	}

	@Test
	void barrierSharesPythonsLayout() {
		String key = newKey();
		Barrier barrier = new Barrier(this.backend, key, TTL);
		assertThat(barrier.create(2)).isTrue();
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("2");
		assertThat(barrier.await()).isFalse();
		assertThat(barrier.await()).isTrue();
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("1");
		assertThat(this.redis.opsForList().range(key + "@events", 0, -1)).containsExactly("x");
		// the quirk: later parties clear too
		assertThat(barrier.await()).isTrue();
	}

	@Test
	void blockedPartyIsReleasedByAnotherClientsClearingCall() throws Exception {
		String key = newKey();
		Barrier barrier = new Barrier(this.backend, key, TTL);
		barrier.create(2);
		CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> barrier.await(Duration.ofSeconds(20)));
		await().until(() -> "1".equals(this.redis.opsForValue().get(key)));
		Barrier other = new Barrier(new RedisRateLimiterBackend(this.connectionFactory), key, TTL);
		assertThat(other.await()).isTrue();
		assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
	}

}
