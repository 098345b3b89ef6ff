package io.dramatiq.ratelimit;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The in-memory backend's primitives behave as the Redis backend's (spec §11.1).
 */
class StubRateLimiterBackendTests {

	private static final Duration TTL = Duration.ofMinutes(1);

	private final StubRateLimiterBackend backend = new StubRateLimiterBackend();

	@Test
	void addSetsOnlyAbsentKeys() {
		assertThat(this.backend.add("k", 2, TTL)).isTrue();
		assertThat(this.backend.add("k", 5, TTL)).isFalse();
		assertThat(this.backend.get("k")).isEqualTo(2L);
	}

	@Test
	void incrStopsAtTheMaximum() {
		assertThat(this.backend.incr("k", 1, 2, TTL)).isTrue();
		assertThat(this.backend.incr("k", 1, 2, TTL)).isTrue();
		assertThat(this.backend.incr("k", 1, 2, TTL)).isFalse();
		assertThat(this.backend.get("k")).isEqualTo(2L);
	}

	@Test
	void decrStopsAtTheMinimum() {
		this.backend.add("k", 2, TTL);
		assertThat(this.backend.decr("k", 1, 1, TTL)).isTrue();
		assertThat(this.backend.decr("k", 1, 1, TTL)).isFalse();
		assertThat(this.backend.get("k")).isEqualTo(1L);
	}

	@Test
	void keysExpireAndUpdatesResetTheirTimeToLive() {
		this.backend.add("k", 1, Duration.ofMillis(100));
		this.backend.incr("k", 1, 10, TTL);
		this.backend.add("short", 1, Duration.ofMillis(100));
		await().until(() -> this.backend.get("short") == null);
		assertThat(this.backend.get("k")).isEqualTo(2L);
		assertThat(this.backend.add("short", 7, TTL)).isTrue();
	}

	@Test
	void notificationsStayUntilTheyExpire() {
		assertThat(this.backend.await("e", Duration.ofMillis(20))).isFalse();
		this.backend.notifyWaiters("e", Duration.ofMillis(200));
		assertThat(this.backend.await("e", Duration.ofMillis(20))).isTrue();
		assertThat(this.backend.await("e", null)).isTrue();
		await().until(() -> !this.backend.await("e", Duration.ofMillis(1)));
	}

	@Test
	void incrAndSumStopsWhenTheSumOfAllKeysWouldExceedTheMaximum() {
		this.backend.add("w@1", 1, TTL);
		List<String> window = List.of("w@2", "w@1");
		assertThat(this.backend.incrAndSum("w@2", window, 1, 3, TTL)).isTrue();
		assertThat(this.backend.incrAndSum("w@2", window, 1, 3, TTL)).isTrue();
		assertThat(this.backend.incrAndSum("w@2", window, 1, 3, TTL)).isFalse();
		assertThat(this.backend.get("w@2")).isEqualTo(2L);
		// the key's own value is bounded too
		assertThat(this.backend.incrAndSum("x", List.of(), 4, 3, TTL)).isFalse();
		assertThat(this.backend.get("x")).isNull();
	}

}
