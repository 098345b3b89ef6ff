package io.dramatiq.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorNotFoundException;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class SchedulerTests {

	private static final Duration RATE = Duration.ofMillis(50);

	private final List<Scheduler> schedulers = new ArrayList<>();

	@AfterEach
	void stop() {
		this.schedulers.forEach(Scheduler::close);
	}

	@Test
	void schedulersSharingALockEnqueueEachTickOnce() {
		// Given three schedulers of one actor on one broker, sharing its lock
		StubBroker broker = brokerWithActor("tick");
		List<Long> ticks = recordTicks(broker);
		for (int i = 0; i < 3; i++) {
			scheduler(broker, broker.scheduleLock(), MissedTicks.SKIP).start();
		}
		// When 20 ticks pass
		await().atMost(Duration.ofSeconds(20)).until(() -> ticks.size() >= 20);
		// I expect each tick to be enqueued once, none left out, with its time
		List<Long> seen = List.copyOf(ticks);
		assertThat(seen).doesNotHaveDuplicates();
		List<Long> sorted = seen.stream().sorted().toList();
		for (int i = 1; i < sorted.size(); i++) {
			assertThat(sorted.get(i) - sorted.get(i - 1)).isEqualTo(RATE.toMillis());
		}
		assertThat(broker.queueCounts("default").ready()).isGreaterThanOrEqualTo(20);
		assertThat(broker.scheduleLock().lastTick("tick"))
			.hasValue(Instant.ofEpochMilli(sorted.get(sorted.size() - 1)));
	}

	@Test
	void scheduledMessageHasNoArgumentsAndTheTickInItsOptions() {
		StubBroker broker = brokerWithActor("tick");
		List<Message> messages = new CopyOnWriteArrayList<>();
		broker.addMiddleware(new Middleware() {
			@Override
			public void afterEnqueue(Broker broker, Message message, Duration delay) {
				messages.add(message);
			}
		});
		scheduler(broker, broker.scheduleLock(), MissedTicks.SKIP).start();
		await().atMost(Duration.ofSeconds(10)).until(() -> !messages.isEmpty());
		Message message = messages.get(0);
		assertThat(message.actorName()).isEqualTo("tick");
		assertThat(message.queueName()).isEqualTo("default");
		assertThat(message.args()).isEmpty();
		assertThat(message.kwargs()).isEmpty();
		assertThat(message.options().get(Scheduler.SCHEDULE_TICK)).isInstanceOf(Long.class);
	}

	@Test
	void runOnceEnqueuesOneMessageForTheTicksMissedWhileNoInstanceRan() {
		// Given a schedule whose last tick was recorded an hour ago
		StubBroker broker = brokerWithActor("tick");
		Instant hourAgo = Instant.ofEpochMilli((System.currentTimeMillis() / 1000 - 3600) * 1000);
		broker.scheduleLock().recordTick("tick", hourAgo);
		List<Long> ticks = recordTicks(broker);
		// When two instances start with run-once, one after the other
		Scheduler first = scheduler(broker, broker.scheduleLock(), MissedTicks.RUN_ONCE, Duration.ofSeconds(1));
		first.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> !ticks.isEmpty());
		scheduler(broker, broker.scheduleLock(), MissedTicks.RUN_ONCE, Duration.ofSeconds(1)).start();
		// I expect the missed ticks to be enqueued once, as the first one missed
		assertThat(ticks.get(0)).isEqualTo(hourAgo.plusSeconds(1).toEpochMilli());
		await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() >= 3);
		assertThat(ticks).filteredOn((tick) -> tick < System.currentTimeMillis() - 60_000).hasSize(1);
		assertThat(ticks).doesNotHaveDuplicates();
	}

	@Test
	void skipForgetsTheTicksMissedWhileNoInstanceRan() {
		StubBroker broker = brokerWithActor("tick");
		broker.scheduleLock().recordTick("tick", Instant.now().minus(Duration.ofHours(1)));
		List<Long> ticks = recordTicks(broker);
		Instant start = Instant.now();
		scheduler(broker, broker.scheduleLock(), MissedTicks.SKIP).start();
		await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() >= 2);
		assertThat(ticks).allMatch((tick) -> tick > start.toEpochMilli());
	}

	@Test
	void startFailsNamingAnActorTheBrokerDoesNotKnow() {
		StubBroker broker = brokerWithActor("tick");
		Scheduler scheduler = new Scheduler(broker, broker.scheduleLock(),
				List.of(new Schedule("tock", new FixedRateTrigger(RATE), null, MissedTicks.SKIP)));
		assertThatExceptionOfType(ActorNotFoundException.class).isThrownBy(scheduler::start)
			.withMessageContaining("'tock'")
			.withMessageContaining("[tick]");
	}

	@Test
	void aLockThatFailsLosesTheTickButNotTheSchedule() {
		// Given a lock that fails on its first claim
		StubBroker broker = brokerWithActor("tick");
		List<Long> ticks = recordTicks(broker);
		LocalScheduleLock local = new LocalScheduleLock();
		ScheduleLock failingOnce = new ScheduleLock() {

			private boolean failed;

			@Override
			public synchronized boolean claim(String actorName, Instant tick) {
				if (!this.failed) {
					this.failed = true;
					throw new IllegalStateException("broker down");
				}
				return local.claim(actorName, tick);
			}

			@Override
			public Optional<Instant> lastTick(String actorName) {
				return local.lastTick(actorName);
			}

			@Override
			public void recordTick(String actorName, Instant tick) {
				local.recordTick(actorName, tick);
			}

			@Override
			public String describe() {
				return "failing once";
			}

		};
		// When the scheduler runs
		scheduler(broker, failingOnce, MissedTicks.SKIP).start();
		// I expect the next ticks to be enqueued
		await().atMost(Duration.ofSeconds(10)).until(() -> ticks.size() >= 2);
	}

	@Test
	void statesShowNextRunWhileRunningAndTheLastRecordedTick() {
		StubBroker broker = brokerWithActor("tick");
		Scheduler scheduler = scheduler(broker, broker.scheduleLock(), MissedTicks.SKIP, Duration.ofHours(1));
		assertThat(scheduler.states()).singleElement().satisfies((state) -> {
			assertThat(state.nextRun()).isNull();
			assertThat(state.lastRun()).isNull();
		});
		scheduler.start();
		broker.scheduleLock().recordTick("tick", Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(scheduler.states()).singleElement().satisfies((state) -> {
			assertThat(state.nextRun()).isAfter(Instant.now());
			assertThat(state.lastRun()).isEqualTo("2026-01-01T00:00:00Z");
		});
	}

	private Scheduler scheduler(Broker broker, ScheduleLock lock, MissedTicks missed) {
		return scheduler(broker, lock, missed, RATE);
	}

	private Scheduler scheduler(Broker broker, ScheduleLock lock, MissedTicks missed, Duration rate) {
		Scheduler scheduler = new Scheduler(broker, lock,
				List.of(new Schedule("tick", new FixedRateTrigger(rate), null, missed)));
		this.schedulers.add(scheduler);
		return scheduler;
	}

	private static StubBroker brokerWithActor(String name) {
		StubBroker broker = new StubBroker();
		broker.declareActor(new ActorDefinition(name, "default", 0, Map.of(), (args, kwargs) -> null));
		return broker;
	}

	private static List<Long> recordTicks(StubBroker broker) {
		List<Long> ticks = new CopyOnWriteArrayList<>();
		broker.addMiddleware(new Middleware() {
			@Override
			public void afterEnqueue(Broker broker, Message message, Duration delay) {
				ticks.add(((Number) message.options().get(Scheduler.SCHEDULE_TICK)).longValue());
			}
		});
		return ticks;
	}

}
