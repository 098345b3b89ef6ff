package io.dramatiq.broker.rabbitmq;

import java.time.Instant;
import java.util.UUID;

import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.schedule.ScheduleLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RabbitMQ schedule lock on the local RabbitMQ: a leader per actor through an
 * exclusive consumer, taken over when the leader closes, and the last tick that keeps a
 * new leader from enqueuing a tick twice.
 */
class RabbitmqScheduleLockIntegrationTests {

	private final String actor = "lock_" + UUID.randomUUID().toString().substring(0, 8);

	private CachingConnectionFactory factory;

	private RabbitmqBroker first;

	private RabbitmqBroker second;

	@BeforeEach
	void connect() {
		RabbitmqAdmin.assumeRabbitmq();
		this.factory = RabbitmqAdmin.connectionFactory("schedule-lock-test");
		this.first = new RabbitmqBroker(this.factory, new JsonMessageEncoder());
		this.second = new RabbitmqBroker(this.factory, new JsonMessageEncoder());
	}

	@AfterEach
	void close() throws Exception {
		this.first.close();
		this.second.close();
		RabbitmqAdmin admin = RabbitmqAdmin.get();
		admin.deleteQueue(RabbitmqScheduleLock.leaderQueue(this.actor));
		admin.deleteQueue(RabbitmqScheduleLock.lastTickQueue(this.actor));
		this.factory.destroy();
	}

	@Test
	void theLeaderGetsEveryTickAndAnotherTakesOverWhenItCloses() throws Exception {
		Instant tick = Instant.parse("2026-01-01T10:00:00Z");
		try (ScheduleLock leader = this.first.scheduleLock(); ScheduleLock follower = this.second.scheduleLock()) {
			// Given an instance that claimed a tick first
			assertThat(leader.claim(this.actor, tick)).isTrue();
			// I expect it to get the next ticks too, and the other instance none
			assertThat(follower.claim(this.actor, tick)).isFalse();
			assertThat(follower.claim(this.actor, tick.plusSeconds(1))).isFalse();
			assertThat(leader.claim(this.actor, tick.plusSeconds(1))).isTrue();
			leader.recordTick(this.actor, tick.plusSeconds(1));
			// When the leader closes
			leader.close();
			// I expect the other to lead, but not to enqueue a tick already recorded
			assertThat(follower.claim(this.actor, tick.plusSeconds(1))).isFalse();
			assertThat(follower.claim(this.actor, tick.plusSeconds(2))).isTrue();
		}
	}

	@Test
	void lastTickIsReadWithoutTakingItAndOnlyTheLatestIsKept() throws Exception {
		Instant tick = Instant.parse("2026-01-01T10:00:00Z");
		try (ScheduleLock lock = this.first.scheduleLock()) {
			assertThat(lock.lastTick(this.actor)).isEmpty();
			lock.recordTick(this.actor, tick);
			lock.recordTick(this.actor, tick.plusSeconds(1));
			assertThat(lock.lastTick(this.actor)).hasValue(tick.plusSeconds(1));
			assertThat(lock.lastTick(this.actor)).hasValue(tick.plusSeconds(1));
		}
		RabbitmqAdmin admin = RabbitmqAdmin.get();
		assertThat(admin.messageCount(RabbitmqScheduleLock.lastTickQueue(this.actor))).isEqualTo(1);
	}

}
