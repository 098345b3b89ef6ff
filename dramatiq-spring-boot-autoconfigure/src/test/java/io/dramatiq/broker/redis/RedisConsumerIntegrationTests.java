package io.dramatiq.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.Delivery;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.intThat;
import static org.mockito.Mockito.atMost;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;

/**
 * The Redis consumer against a real Redis (spec 4.9, checklist C39, C41, C43): fetches
 * bounded by the Lua unpack limit, payloads that are missing or do not decode, what a
 * closing consumer gives back, heartbeats while every slot is busy, and wake-ups.
 */
class RedisConsumerIntegrationTests extends AbstractRedisIntegrationTests {

	@Test
	void fetchTakesNoMoreThanTheUnpackLimitEvenWithAHugePrefetch() throws Exception {
		// C39: 10000 messages and prefetch 65535
		int count = 10_000;
		writeMessages("default", count);
		RedisBroker broker = broker();
		Consumer consumer = consume(broker, "default", 65535);
		Delivery first = consumer.next();
		assertThat(redis().opsForList().size(key("default"))).isEqualTo(count - RedisDispatcher.MAX_UNPACK_SIZE);
		assertThat(redis().opsForSet().size(acks(broker, "default"))).isEqualTo(RedisDispatcher.MAX_UNPACK_SIZE);
		consumer.ack(first);
		int received = 1;
		while (consumer.next() != null) {
			received++;
		}
		assertThat(received).isEqualTo(count);
		assertThat(redis().hasKey(key("default"))).isFalse();
	}

	@Test
	void idWithoutPayloadIsSkippedAndTheNextMessageIsHandedOut() throws Exception {
		// C41: an id whose hash field is missing
		redis().opsForList().rightPush(key("default"), "ghost");
		RedisBroker broker = broker();
		Message sent = broker.enqueue(Message.create("default", "f", List.of(), Map.of(), Map.of()));
		Consumer consumer = consume(broker, "default", 10);
		Delivery delivery = consumer.next();
		assertThat(delivery.message().messageId()).isEqualTo(sent.messageId());
		consumer.ack(delivery);
		// and closing gives the ghost back only if its payload appeared meanwhile: it did
		// not, so it is just dropped from the ack set
		consumer.close();
		assertThat(support().keys(this.ns)).containsExactly(key("__heartbeats__"));
	}

	@Test
	void undecodablePayloadsAreDeadLetteredAndTheirBatchMatesRun() {
		// C43: four payloads fetched in one batch, two of which do not decode
		RedisBroker broker = broker();
		JsonMessageEncoder encoder = new JsonMessageEncoder();
		publishRaw("default", "good-1",
				new String(encoder.encode(Message.create("default", "f", List.of(1), Map.of(), Map.of())),
						StandardCharsets.UTF_8));
		publishRaw("default", "not-json", "not json");
		publishRaw("default", "extra-key",
				"{\"queue_name\":\"default\",\"actor_name\":\"f\",\"args\":[],\"kwargs\":{},\"options\":{},\"extra\":1}");
		publishRaw("default", "good-2",
				new String(encoder.encode(Message.create("default", "f", List.of(2), Map.of(), Map.of())),
						StandardCharsets.UTF_8));
		List<Object> ran = new CopyOnWriteArrayList<>();
		declare(broker, "default", "f", (args, kwargs) -> ran.add(args.get(0)));
		startWorker(broker, WorkerOptions.defaults().withThreads(1));
		await().atMost(WAIT).until(() -> ran.size() == 2 && !redis().hasKey(key("default.msgs")));
		assertThat(ran).containsExactly(1, 2);
		assertThat(redis().opsForZSet().range(key("default.XQ"), 0, -1)).containsExactlyInAnyOrder("not-json",
				"extra-key");
		assertThat(redis().opsForHash().get(key("default.XQ.msgs"), "not-json")).isEqualTo("not json");
		assertThat(redis().hasKey(acks(broker, "default"))).isFalse();
	}

	@Test
	void closeGivesBackTheLocalCacheAndUnackedDeliveries() throws Exception {
		RedisBroker broker = broker();
		List<String> rids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			rids.add((String) broker.enqueue(Message.create("default", "f", List.of(i), Map.of(), Map.of()))
				.option("redis_message_id"));
		}
		Consumer consumer = consume(broker, "default", 10);
		Delivery first = consumer.next();
		assertThat(redis().opsForSet().size(acks(broker, "default"))).isEqualTo(5);
		consumer.close();
		assertThat(redis().hasKey(acks(broker, "default"))).isFalse();
		assertThat(redis().opsForList().range(key("default"), 0, -1)).containsExactlyInAnyOrderElementsOf(rids);
		// a late ack of a delivery given back changes nothing
		consumer.ack(first);
		assertThat(redis().opsForHash().size(key("default.msgs"))).isEqualTo(5);
	}

	@Test
	void heartbeatsGoOnWhileEveryPrefetchSlotIsBusy() throws Exception {
		RedisBroker broker = broker(options().withHeartbeatTimeout(Duration.ofMillis(500)));
		broker.enqueue(Message.create("default", "f", List.of(), Map.of(), Map.of()));
		Consumer consumer = consume(broker, "default", 1);
		assertThat(consumer.next()).isNotNull();
		// no more calls to next(): only the heartbeat timer talks to Redis now
		double first = score(broker);
		await().atMost(WAIT).until(() -> score(broker) > first);
		double second = score(broker);
		await().atMost(WAIT).until(() -> score(broker) > second);
		// while the message stays in the ack set
		assertThat(redis().opsForSet().size(acks(broker, "default"))).isOne();
	}

	@Test
	void ackThatCannotReachRedisIsRetriedUntilItGoesThrough() throws Exception {
		// Given a broker whose connections can be cut
		AtomicBoolean down = new AtomicBoolean();
		RedisConnectionFactory real = support().connectionFactory();
		RedisConnectionFactory flaky = mock(RedisConnectionFactory.class);
		given(flaky.getConnection()).willAnswer((invocation) -> {
			if (down.get()) {
				throw new RedisConnectionFailureException("Redis is down (simulated)");
			}
			return real.getConnection();
		});
		RedisBroker broker = new RedisBroker(flaky, new JsonMessageEncoder(),
				options().withHeartbeatTimeout(Duration.ofMillis(500)));
		try {
			broker.enqueue(Message.create("default", "f", List.of(), Map.of(), Map.of()));
			Consumer consumer = broker.consume("default", 1, Duration.ofMillis(100));
			Delivery delivery = consumer.next();
			// When the ack finds Redis down
			down.set(true);
			consumer.ack(delivery);
			assertThat(redis().opsForSet().size(acks(broker, "default"))).isOne();
			// I expect it to go through once Redis answers again
			down.set(false);
			await().atMost(WAIT).until(() -> !redis().hasKey(acks(broker, "default")));
			assertThat(redis().hasKey(key("default.msgs"))).isFalse();
			consumer.close();
		}
		finally {
			broker.close();
		}
	}

	private double score(RedisBroker broker) {
		return redis().opsForZSet().score(key("__heartbeats__"), broker.options().brokerId());
	}

	@Test
	void onlyAPushOntoAnEmptyQueueWakesItsListeners() {
		RedisWakeups wakeups = new RedisWakeups(support().connectionFactory(), this.ns);
		try {
			AtomicInteger warmUps = new AtomicInteger();
			AtomicInteger calls = new AtomicInteger();
			wakeups.register("warm-up", warmUps::incrementAndGet);
			wakeups.register("default", calls::incrementAndGet);
			AtomicInteger sentinels = new AtomicInteger();
			wakeups.register("sentinel", sentinels::incrementAndGet);
			RedisDispatcher dispatcher = dispatcher(options());
			// the subscription may take a moment: push until a wake-up came through
			await().atMost(WAIT).until(() -> {
				dispatcher.purge("warm-up");
				dispatcher.enqueue("warm-up", UUID.randomUUID().toString(), new byte[] { '{', '}' });
				return warmUps.get() > 0;
			});
			// onto the empty queue (signal), onto a non-empty one (none), then, once
			// emptied, onto it again (signal)
			dispatcher.enqueue("default", UUID.randomUUID().toString(), new byte[] { '{', '}' });
			dispatcher.enqueue("default", UUID.randomUUID().toString(), new byte[] { '{', '}' });
			dispatcher.purge("default");
			dispatcher.enqueue("default", UUID.randomUUID().toString(), new byte[] { '{', '}' });
			// notices arrive in order: once a later one is in, every earlier one is too
			dispatcher.enqueue("sentinel", UUID.randomUUID().toString(), new byte[] { '{', '}' });
			await().atMost(WAIT).until(() -> sentinels.get() == 1);
			assertThat(calls.get()).isEqualTo(2);
		}
		finally {
			wakeups.close();
		}
	}

	@Test
	void idleConsumerWakesUpAsSoonAsAMessageArrives() throws Exception {
		RedisBroker broker = broker();
		Consumer consumer = consume(broker, "default", 1, Duration.ofSeconds(30));
		AtomicInteger emptyPolls = new AtomicInteger();
		List<Delivery> received = new CopyOnWriteArrayList<>();
		Thread reader = new Thread(() -> {
			try {
				Delivery delivery = consumer.next();
				while (delivery == null && !Thread.currentThread().isInterrupted()) {
					emptyPolls.incrementAndGet();
					delivery = consumer.next();
				}
				received.add(delivery);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		reader.start();
		// after 9 empty polls the idle backoff is at least 5 ms x 2^9 = 2.56 s
		await().atMost(WAIT).until(() -> emptyPolls.get() >= 9);
		long start = System.nanoTime();
		broker.enqueue(Message.create("default", "f", List.of(), Map.of(), Map.of()));
		reader.join(30_000);
		Duration latency = Duration.ofNanos(System.nanoTime() - start);
		reader.interrupt();
		assertThat(received).singleElement().satisfies((d) -> assertThat(d.message().actorName()).isEqualTo("f"));
		assertThat(latency).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void waitsCutShortByTheWorkerDoNotFetchMoreOftenThanTheIdleBackoff() throws Exception {
		// Given an idle consumer of an empty queue, whose fetches are counted
		RedisDispatcher dispatcher = spy(dispatcher(options()));
		RedisWakeups wakeups = new RedisWakeups(support().connectionFactory(), this.ns);
		RedisConsumer consumer = new RedisConsumer(dispatcher, wakeups, new RedisHeartbeat(dispatcher),
				new JsonMessageEncoder(), "default", 1, 5000);
		try {
			// When the worker asks 100 times for a delivery, waiting 2 ms each time, as
			// it does while a delayed message is nearly due
			long start = System.nanoTime();
			for (int i = 0; i < 100; i++) {
				assertThat(consumer.next(2)).isNull();
			}
			long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			// I expect Redis to be asked only as often as the idle backoff allows (5 ms,
			// doubling after each empty fetch), not once per call
			int allowed = (int) (Math.log(elapsedMillis / 5.0 + 1) / Math.log(2)) + 2;
			verify(dispatcher, atMost(allowed)).fetch(eq("default"), intThat((count) -> count > 0));
		}
		finally {
			consumer.close();
			wakeups.close();
		}
	}

	private void writeMessages(String queueName, int count) {
		JsonMessageEncoder encoder = new JsonMessageEncoder();
		Map<String, String> payloads = new HashMap<>();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String rid = UUID.randomUUID().toString();
			Message message = Message.create(queueName, "f", List.of(i), Map.of(), Map.of("redis_message_id", rid));
			payloads.put(rid, new String(encoder.encode(message), StandardCharsets.UTF_8));
			ids.add(rid);
		}
		redis().opsForHash().putAll(key(queueName + ".msgs"), payloads);
		redis().opsForList().rightPushAll(key(queueName), ids);
	}

}
