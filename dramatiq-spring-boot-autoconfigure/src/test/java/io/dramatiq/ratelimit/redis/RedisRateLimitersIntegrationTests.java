package io.dramatiq.ratelimit.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.ratelimit.BucketRateLimiter;
import io.dramatiq.ratelimit.ConcurrentRateLimiter;
import io.dramatiq.ratelimit.Permit;
import io.dramatiq.ratelimit.RateLimitExceededException;
import io.dramatiq.ratelimit.WindowRateLimiter;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The limiters on a real Redis write Python Dramatiq's keys, values and TTLs (C75 to
 * C77).
 */
class RedisRateLimitersIntegrationTests {

	private static final String HOST = "127.0.0.1";

	private static final int PORT = Integer.getInteger("redis.port", 6379);

	private LettuceConnectionFactory connectionFactory;

	private StringRedisTemplate redis;

	private RedisRateLimiterBackend backend;

	private String prefix;

	@BeforeEach
	void connect() {
		BrokerAvailability.assumeReachable(HOST, PORT, "Redis");
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.redis = new StringRedisTemplate(this.connectionFactory);
		this.backend = new RedisRateLimiterBackend(this.connectionFactory);
		this.prefix = "dramatiq-ratelimit-test-" + UUID.randomUUID();
	}

	@AfterEach
	void cleanUp() {
		if (this.connectionFactory != null) {
			this.redis.delete(new ArrayList<>(this.redis.keys(this.prefix + "*")));
			this.connectionFactory.destroy();
		}
	}

	private long pttl(String key) {
		return this.redis.getExpire(key, TimeUnit.MILLISECONDS);
	}

	@Test
	void concurrentLimiterCountsHoldersInItsKey() {
		String key = this.prefix + ":mutex";
		ConcurrentRateLimiter limiter = new ConcurrentRateLimiter(this.backend, key, 2,
				ConcurrentRateLimiter.DEFAULT_TTL);
		Permit first = limiter.acquire();
		Permit second = limiter.acquire();
		assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(limiter::acquire)
			.withMessage("rate limit exceeded for key '" + key + "'");
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("2");
		assertThat(pttl(key)).isBetween(900_000L - 5000, 900_000L);
		first.close();
		second.close();
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("0");
		assertThat(pttl(key)).isBetween(900_000L - 5000, 900_000L);
	}

	@Test
	void uncontendedAcquireAndReleaseCostTwoRoundTrips() {
		List<String> commands = new CopyOnWriteArrayList<>();
		ClientResources resources = ClientResources.builder()
			.commandLatencyRecorder((local, remote, type, firstResponse, completion) -> commands.add(type.toString()))
			.build();
		LettuceConnectionFactory counted = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, PORT),
				LettuceClientConfiguration.builder().clientResources(resources).build());
		counted.afterPropertiesSet();
		counted.start();
		try {
			RedisRateLimiterBackend backend = new RedisRateLimiterBackend(counted);
			new ConcurrentRateLimiter(backend, this.prefix + ":warm-up").acquire().close();
			ConcurrentRateLimiter limiter = new ConcurrentRateLimiter(backend, this.prefix + ":counted");
			for (int i = 0; i < 3; i++) {
				commands.clear();
				try (Permit permit = limiter.acquire()) {
					assertThat(commands).as("commands to acquire").hasSize(1);
				}
				assertThat(commands).as("commands to acquire and release").hasSize(2);
			}
		}
		finally {
			counted.destroy();
			resources.shutdown();
		}
	}

	@Test
	void concurrentLimiterNeverLetsMoreThanLimitHoldersInAtOnce() {
		String key = this.prefix + ":pool";
		ConcurrentRateLimiter limiter = new ConcurrentRateLimiter(this.backend, key, 2,
				ConcurrentRateLimiter.DEFAULT_TTL);
		AtomicInteger holders = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		AtomicInteger granted = new AtomicInteger();
		List<CompletableFuture<Void>> callers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			callers.add(CompletableFuture.runAsync(() -> {
				for (int j = 0; j < 20; j++) {
					try (Permit permit = limiter.tryAcquire()) {
						if (permit.isAcquired()) {
							granted.incrementAndGet();
							most.accumulateAndGet(holders.incrementAndGet(), Math::max);
							holders.decrementAndGet();
						}
					}
				}
			}));
		}
		CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).join();
		assertThat(granted).hasPositiveValue();
		assertThat(most.get()).isBetween(1, 2);
		assertThat(this.redis.opsForValue().get(key)).isEqualTo("0");
	}

	@Test
	void bucketLimiterCountsInTheKeyOfTheCurrentBucket() {
		String key = this.prefix + ":bk";
		BucketRateLimiter limiter = new BucketRateLimiter(this.backend, key, 2, Duration.ofMillis(60_000));
		String bucketKey = limiter.currentKey();
		long before = System.currentTimeMillis();
		boolean first = limiter.tryAcquire().isAcquired();
		boolean second = limiter.tryAcquire().isAcquired();
		boolean third = limiter.tryAcquire().isAcquired();
		long after = System.currentTimeMillis();
		// a bucket boundary during the calls moves the counter; assert only within one
		// bucket
		if (before / 60_000 == after / 60_000) {
			assertThat(bucketKey).isEqualTo(key + "@" + (before / 60_000 * 60_000));
			assertThat(List.of(first, second, third)).containsExactly(true, true, false);
			assertThat(this.redis.opsForValue().get(bucketKey)).isEqualTo("2");
			assertThat(pttl(bucketKey)).isBetween(60_000L - 5000, 60_000L);
		}
	}

	@Test
	void windowLimiterCountsPerSecondAndDeniesTheFourthInTheWindow() {
		String key = this.prefix + ":wn";
		WindowRateLimiter limiter = new WindowRateLimiter(this.backend, key, 3, Duration.ofSeconds(5));
		long second = System.currentTimeMillis() / 1000;
		List<Boolean> outcomes = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			outcomes.add(limiter.tryAcquire().isAcquired());
		}
		assertThat(outcomes).containsExactly(true, true, true, false);
		String counter = key + "@" + second;
		List<String> written = new ArrayList<>(this.redis.keys(key + "@*"));
		assertThat(written).isNotEmpty().allSatisfy((k) -> assertThat(pttl(k)).isBetween(0L, 5000L));
		// all three permits in one second, or split by a second boundary
		long total = written.stream().mapToLong((k) -> Long.parseLong(this.redis.opsForValue().get(k))).sum();
		assertThat(total).isEqualTo(3);
		if (written.size() == 1) {
			assertThat(written).containsExactly(counter);
			assertThat(pttl(counter)).isGreaterThan(4000L);
		}
	}

}
