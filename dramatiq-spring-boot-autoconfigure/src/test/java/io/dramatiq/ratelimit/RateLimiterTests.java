package io.dramatiq.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The limiters on the stub backend: how many permits they grant, what they give back, and
 * the keys they use (spec §11.2 to §11.4, §11.6).
 */
class RateLimiterTests {

	private final StubRateLimiterBackend backend = new StubRateLimiterBackend();

	private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00.250Z"));

	@Test
	void concurrentLimiterGrantsLimitPermitsAndTakesThemBackOnClose() {
		ConcurrentRateLimiter limiter = new ConcurrentRateLimiter(this.backend, "mutex", 2,
				ConcurrentRateLimiter.DEFAULT_TTL);
		Permit first = limiter.acquire();
		try (Permit second = limiter.acquire()) {
			assertThat(second.isAcquired()).isTrue();
			assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(limiter::acquire)
				.withMessage("rate limit exceeded for key 'mutex'")
				.satisfies((ex) -> assertThat(ex.key()).isEqualTo("mutex"));
			try (Permit denied = limiter.tryAcquire()) {
				assertThat(denied.isAcquired()).isFalse();
			}
			// closing a denied permit gave nothing back
			assertThat(this.backend.get("mutex")).isEqualTo(2L);
		}
		assertThat(this.backend.get("mutex")).isEqualTo(1L);
		first.close();
		first.close();
		assertThat(this.backend.get("mutex")).isZero();
		assertThat(limiter.tryAcquire().isAcquired()).isTrue();
	}

	@Test
	void concurrentLimiterDefaultsToAMutex() {
		ConcurrentRateLimiter mutex = new ConcurrentRateLimiter(this.backend, "m");
		try (Permit held = mutex.acquire()) {
			assertThat(mutex.tryAcquire().isAcquired()).isFalse();
		}
		assertThat(mutex.tryAcquire().isAcquired()).isTrue();
	}

	@Test
	void bucketLimiterCountsPerBucketAndGivesNothingBack() {
		BucketRateLimiter limiter = new BucketRateLimiter(this.backend, "bk", 2, Duration.ofSeconds(60), this.clock);
		long start = this.clock.millis() - this.clock.millis() % 60_000;
		assertThat(limiter.currentKey()).isEqualTo("bk@" + start);
		limiter.acquire().close();
		limiter.acquire().close();
		assertThat(limiter.tryAcquire().isAcquired()).isFalse();
		assertThat(this.backend.get("bk@" + start)).isEqualTo(2L);
		this.clock.advance(Duration.ofSeconds(60));
		assertThat(limiter.currentKey()).isEqualTo("bk@" + (start + 60_000));
		assertThat(limiter.tryAcquire().isAcquired()).isTrue();
	}

	@Test
	void windowLimiterSumsTheSecondsOfTheWindow() {
		WindowRateLimiter limiter = new WindowRateLimiter(this.backend, "wn", 3, Duration.ofSeconds(5), this.clock);
		long second = this.clock.millis() / 1000;
		assertThat(limiter.currentKeys()).containsExactly("wn@" + second, "wn@" + (second - 1), "wn@" + (second - 2),
				"wn@" + (second - 3), "wn@" + (second - 4));
		limiter.acquire().close();
		this.clock.advance(Duration.ofSeconds(2));
		limiter.acquire().close();
		limiter.acquire().close();
		assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(limiter::acquire);
		assertThat(this.backend.get("wn@" + second)).isEqualTo(1L);
		assertThat(this.backend.get("wn@" + (second + 2))).isEqualTo(2L);
		// the first permit leaves the window after 5 seconds
		this.clock.advance(Duration.ofSeconds(3));
		assertThat(limiter.tryAcquire().isAcquired()).isTrue();
		assertThat(limiter.tryAcquire().isAcquired()).isFalse();
	}

	@Test
	void badArgumentsAreNamed() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ConcurrentRateLimiter(this.backend, "k", 0, Duration.ofSeconds(1)))
			.withMessageContaining("'limit'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ConcurrentRateLimiter(this.backend, "k", 1, Duration.ZERO))
			.withMessageContaining("'ttl'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BucketRateLimiter(this.backend, "k", 0, Duration.ofSeconds(1)))
			.withMessageContaining("'limit'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new BucketRateLimiter(this.backend, "k", 1, Duration.ZERO))
			.withMessageContaining("'bucket'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WindowRateLimiter(this.backend, "k", 0, Duration.ofSeconds(1)))
			.withMessageContaining("'limit'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WindowRateLimiter(this.backend, "k", 1, Duration.ZERO))
			.withMessageContaining("'window'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WindowRateLimiter(this.backend, "k", 1, Duration.ofMillis(1500)))
			.withMessageContaining("'window'");
	}

	@Test
	void aFailingBackendNeverGrantsAPermit() {
		RateLimiterBackend down = new FailingBackend();
		List<RateLimiter> limiters = List.of(new ConcurrentRateLimiter(down, "k"), new BucketRateLimiter(down, "k"),
				new WindowRateLimiter(down, "k"));
		for (RateLimiter limiter : limiters) {
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(limiter::acquire)
				.withMessage("Redis is down");
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(limiter::tryAcquire);
		}
	}

	private static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	private static final class FailingBackend implements RateLimiterBackend {

		@Override
		public boolean add(String key, long value, Duration ttl) {
			throw new IllegalStateException("Redis is down");
		}

		@Override
		public boolean incr(String key, long amount, long maximum, Duration ttl) {
			throw new IllegalStateException("Redis is down");
		}

		@Override
		public boolean decr(String key, long amount, long minimum, Duration ttl) {
			throw new IllegalStateException("Redis is down");
		}

		@Override
		public boolean incrAndSum(String key, List<String> keys, long amount, long maximum, Duration ttl) {
			throw new IllegalStateException("Redis is down");
		}

		@Override
		public boolean await(String key, Duration timeout) {
			throw new IllegalStateException("Redis is down");
		}

		@Override
		public void notifyWaiters(String key, Duration ttl) {
			throw new IllegalStateException("Redis is down");
		}

	}

}
