package io.dramatiq.broker.redis;

import java.time.Duration;
import java.time.Instant;

import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.schedule.ScheduleLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Redis schedule lock on the local Redis: one instance per tick, the keys it leaves
 * and the last tick.
 */
class RedisScheduleLockIntegrationTests {

	private RedisTestSupport redis;

	private String namespace;

	@BeforeEach
	void connect() {
		this.redis = RedisTestSupport.connect();
		this.namespace = this.redis.newNamespace("schedule-lock-");
	}

	@AfterEach
	void close() {
		this.redis.close();
	}

	@Test
	void onlyTheFirstInstanceToClaimATickGetsItThroughAKeyThatExpires() {
		// Given two instances' locks in one namespace
		ScheduleLock first = lock("first");
		ScheduleLock second = lock("second");
		Instant tick = Instant.parse("2026-01-01T10:00:00Z");
		// When both claim the same tick, then the next one in the other order
		// I expect one winner per tick
		assertThat(first.claim("report", tick)).isTrue();
		assertThat(second.claim("report", tick)).isFalse();
		assertThat(second.claim("report", tick.plusSeconds(1))).isTrue();
		assertThat(first.claim("report", tick.plusSeconds(1))).isFalse();
		// and a key per tick holding the winner's id, for a minute
		String key = this.namespace + ":schedule:report:" + tick.toEpochMilli();
		assertThat(this.redis.redis().opsForValue().get(key)).isEqualTo("first");
		assertThat(this.redis.redis().getExpire(key)).isBetween(1L, 60L);
	}

	@Test
	void lastTickKeepsTheLatestWhenInstancesFinishOutOfOrder() {
		ScheduleLock lock = lock("first");
		assertThat(lock.lastTick("report")).isEmpty();
		Instant tick = Instant.parse("2026-01-01T10:00:00Z");
		lock.recordTick("report", tick.plusSeconds(2));
		lock.recordTick("report", tick);
		assertThat(lock.lastTick("report")).hasValue(tick.plusSeconds(2));
		assertThat(this.redis.redis().opsForValue().get(this.namespace + ":schedule:report:last"))
			.isEqualTo(Long.toString(tick.plusSeconds(2).toEpochMilli()));
		assertThat(this.redis.redis().getExpire(this.namespace + ":schedule:report:last")).isEqualTo(-1L);
	}

	@Test
	void brokerGivesALockInItsNamespace() {
		RedisBroker broker = new RedisBroker(this.redis.connectionFactory(), new JsonMessageEncoder(),
				RedisBrokerOptions.defaults().withNamespace(this.namespace));
		try (ScheduleLock lock = broker.scheduleLock()) {
			assertThat(lock.claim("report", Instant.ofEpochMilli(Duration.ofDays(1).toMillis()))).isTrue();
			assertThat(this.redis.keys(this.namespace)).contains(this.namespace + ":schedule:report:86400000");
		}
		finally {
			broker.close();
		}
	}

	private ScheduleLock lock(String owner) {
		return new RedisScheduleLock(this.redis.connectionFactory(), this.namespace, owner);
	}

}
