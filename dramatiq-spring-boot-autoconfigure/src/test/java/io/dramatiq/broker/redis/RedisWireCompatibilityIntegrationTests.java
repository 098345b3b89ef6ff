package io.dramatiq.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.Delivery;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.ZSetOperations.TypedTuple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Python Dramatiq sees of the Java Redis broker, key by key (spec section 4 and
 * checklist C26-C42): exact keys and values after enqueue, the moves of ack, nack,
 * delays, requeue and purge, maintenance, namespaces and order, and a message written
 * byte for byte as Python writes it, run by a Java actor.
 */
class RedisWireCompatibilityIntegrationTests extends AbstractRedisIntegrationTests {

	private static final String UUID4 = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}";

	@Test
	void enqueueWritesOneHashFieldOneListMemberAndAHeartbeatAndNothingElse() {
		// C26: after send(1, 2) on an empty namespace
		RedisBroker broker = broker();
		long before = System.currentTimeMillis();
		Message sent = broker.enqueue(Message.create("default", "add", List.of(1, 2), Map.of(), Map.of()));
		long after = System.currentTimeMillis();
		String rid = (String) sent.option("redis_message_id");
		assertThat(rid).matches(UUID4).isNotEqualTo(sent.messageId());
		assertThat(support().keys(this.ns)).containsExactlyInAnyOrder(key("default"), key("default.msgs"),
				key("__heartbeats__"));
		assertThat(redis().opsForList().range(key("default"), 0, -1)).containsExactly(rid);
		Map<Object, Object> hash = redis().opsForHash().entries(key("default.msgs"));
		assertThat(hash).containsOnlyKeys(rid);
		assertThat((String) hash.get(rid))
			.isEqualTo("{\"queue_name\":\"default\",\"actor_name\":\"add\",\"args\":[1,2],"
					+ "\"kwargs\":{},\"options\":{\"redis_message_id\":\"" + rid + "\"},\"message_id\":\""
					+ sent.messageId() + "\",\"message_timestamp\":" + sent.messageTimestamp() + "}");
		Set<TypedTuple<String>> heartbeats = redis().opsForZSet().rangeWithScores(key("__heartbeats__"), 0, -1);
		assertThat(heartbeats).singleElement().satisfies((beat) -> {
			assertThat(beat.getValue()).isEqualTo(broker.options().brokerId());
			assertThat(beat.getScore()).isBetween((double) before, (double) after);
		});
	}

	@Test
	void concurrentEnqueuesAreEachStoredUnderTheirOwnId() throws Exception {
		// producers on many threads share one connection; each message must land once,
		// under the id its payload carries
		RedisBroker broker = broker();
		int threads = 8;
		int perThread = 500;
		List<Thread> producers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int queue = t % 2;
			producers.add(new Thread(() -> {
				for (int i = 0; i < perThread; i++) {
					broker.enqueue(Message.create("q" + queue, "f", List.of(i), Map.of(), Map.of()));
				}
			}));
		}
		producers.forEach(Thread::start);
		for (Thread producer : producers) {
			producer.join(60_000);
		}
		JsonMessageEncoder encoder = new JsonMessageEncoder();
		for (String queue : List.of("q0", "q1")) {
			List<String> ids = redis().opsForList().range(key(queue), 0, -1);
			Map<Object, Object> payloads = redis().opsForHash().entries(key(queue + ".msgs"));
			assertThat(ids).hasSize(threads / 2 * perThread).doesNotHaveDuplicates();
			assertThat(payloads.keySet()).containsExactlyInAnyOrderElementsOf(ids);
			payloads.forEach((id, payload) -> assertThat(
					encoder.decode(((String) payload).getBytes(StandardCharsets.UTF_8)).option("redis_message_id"))
				.isEqualTo(id));
		}
	}

	@Test
	void delayedEnqueueWritesTheDelayQueueWithTheRedisIdBeforeTheEta() {
		// C31: the same keys and payload shape as Python's send_with_options(delay=500)
		RedisBroker broker = broker();
		long before = System.currentTimeMillis();
		Message sent = broker.enqueue(
				Message.create("default", "add", List.of(1, 2), Map.of(), Map.of("broker_priority", 3)),
				Duration.ofMillis(500));
		String rid = (String) sent.option("redis_message_id");
		long eta = ((Number) sent.option("eta")).longValue();
		assertThat(eta).isBetween(before + 500, System.currentTimeMillis() + 500);
		assertThat(support().keys(this.ns)).containsExactlyInAnyOrder(key("default.DQ"), key("default.DQ.msgs"),
				key("__heartbeats__"));
		assertThat(redis().opsForList().range(key("default.DQ"), 0, -1)).containsExactly(rid);
		assertThat(redis().opsForHash().get(key("default.DQ.msgs"), rid))
			.isEqualTo("{\"queue_name\":\"default.DQ\",\"actor_name\":\"add\",\"args\":[1,2],\"kwargs\":{},"
					+ "\"options\":{\"broker_priority\":3,\"redis_message_id\":\"" + rid + "\",\"eta\":" + eta
					+ "},\"message_id\":\"" + sent.messageId() + "\",\"message_timestamp\":" + sent.messageTimestamp()
					+ "}");
	}

	@Test
	void messageWrittenAsPythonWritesItRunsOnAJavaActorThroughTheAckSet() throws Exception {
		// Given the exact bytes of spec 1.1 (Python's add.send(1, 2) on Redis), written
		// as Python writes them: hash field, then list member
		String rid = "e5ad1c46-7cb7-4f2f-92d7-3845660df3c3";
		publishRaw("default", rid, "{\"queue_name\":\"default\",\"actor_name\":\"add\",\"args\":[1,2],\"kwargs\":{},"
				+ "\"options\":{\"redis_message_id\":\"e5ad1c46-7cb7-4f2f-92d7-3845660df3c3\"},"
				+ "\"message_id\":\"34ac23d6-b382-4228-bdf0-9e1d17bd58e9\",\"message_timestamp\":1795499112473}");
		RedisBroker broker = broker();
		List<Object> sums = new CopyOnWriteArrayList<>();
		CountDownLatch running = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		declare(broker, "default", "add", (args, kwargs) -> {
			running.countDown();
			release.await(20, TimeUnit.SECONDS);
			sums.add(((Number) args.get(0)).intValue() + ((Number) args.get(1)).intValue());
			return null;
		});
		// When a Java worker runs it
		startWorker(broker, WorkerOptions.defaults().withThreads(1));
		assertThat(running.await(20, TimeUnit.SECONDS)).isTrue();
		// I expect (C28) the id to have moved from the list to this broker's ack set
		assertThat(redis().opsForList().size(key("default"))).isZero();
		assertThat(redis().opsForSet().members(acks(broker, "default"))).containsExactly(rid);
		// and after the actor finished, the ack to remove it from the set and the hash
		release.countDown();
		await().atMost(WAIT).until(() -> !redis().hasKey(key("default.msgs")));
		assertThat(sums).containsExactly(3);
		assertThat(redis().hasKey(acks(broker, "default"))).isFalse();
	}

	@Test
	void nackMovesThePayloadToTheDeadLettersWithTheNackTime() throws Exception {
		// C29
		RedisBroker broker = broker();
		Message sent = broker.enqueue(Message.create("default", "add", List.of(1, 2), Map.of(), Map.of()));
		String rid = (String) sent.option("redis_message_id");
		Object payload = redis().opsForHash().get(key("default.msgs"), rid);
		Consumer consumer = consume(broker, "default", 1);
		Delivery delivery = consumer.next();
		long before = System.currentTimeMillis();
		consumer.nack(delivery, new IllegalStateException("boom"));
		long after = System.currentTimeMillis();
		assertThat(redis().opsForZSet().score(key("default.XQ"), rid)).isBetween((double) before, (double) after);
		assertThat(redis().opsForHash().get(key("default.XQ.msgs"), rid)).isEqualTo(payload);
		assertThat(redis().hasKey(key("default.msgs"))).isFalse();
		assertThat(redis().hasKey(acks(broker, "default"))).isFalse();
		assertThat(broker.queueCounts("default")).isEqualTo(new Broker.QueueCounts(0, 0, 1));
	}

	@Test
	void delayedPythonMessageRunsAfterItsEtaAndMovesToTheQueueUnderANewId() {
		// C30: Python's send_with_options(delay=500), bytes as in spec 4.8
		long eta = System.currentTimeMillis() + 500;
		String rid = "f0ca1f01-fd11-4f05-b285-002f2553a2c8";
		publishRaw("default.DQ", rid,
				"{\"queue_name\":\"default.DQ\",\"actor_name\":\"add\",\"args\":[1,2],\"kwargs\":{},"
						+ "\"options\":{\"broker_priority\":3,\"redis_message_id\":\"" + rid + "\",\"eta\":" + eta
						+ "},\"message_id\":\"9bb0dbc1-ad67-44cf-bd66-982bc73d1f49\",\"message_timestamp\":1795499112476}");
		RedisBroker broker = broker();
		List<Message> ran = new CopyOnWriteArrayList<>();
		List<Long> ranAt = new CopyOnWriteArrayList<>();
		broker.addMiddleware(new Middleware() {
			@Override
			public void beforeProcessMessage(Broker b, MessageProxy message) {
				ranAt.add(System.currentTimeMillis());
				ran.add(message.message());
			}
		});
		declare(broker, "default", "add", (args, kwargs) -> null);
		startWorker(broker, WorkerOptions.defaults().withThreads(1));
		await().atMost(WAIT).until(() -> ran.size() == 1);
		assertThat(ranAt.get(0)).isGreaterThanOrEqualTo(eta);
		Message moved = ran.get(0);
		assertThat(moved.queueName()).isEqualTo("default");
		assertThat(moved.messageId()).isEqualTo("9bb0dbc1-ad67-44cf-bd66-982bc73d1f49");
		assertThat(moved.messageTimestamp()).isEqualTo(1795499112476L);
		assertThat(moved.options()).containsOnlyKeys("broker_priority", "redis_message_id");
		assertThat((String) moved.option("redis_message_id")).matches(UUID4).isNotEqualTo(rid);
		// and the delay queue entry acked: gone from its hash and from the ack set
		await().atMost(WAIT)
			.until(() -> !redis().hasKey(key("default.DQ.msgs")) && !redis().hasKey(acks(broker, "default.DQ"))
					&& !redis().hasKey(key("default.msgs")));
		assertThat(redis().hasKey(key("default.DQ"))).isFalse();
	}

	@Test
	void maintenanceGivesADeadBrokersUnackedMessagesBackToTheTailOfTheQueue() {
		// C33: a dead broker D, silent for two minutes, holds m1 and m2 (and m3, whose
		// payload is gone) on default, and one message on other
		long now = System.currentTimeMillis();
		String dead = UUID.randomUUID().toString();
		redis().opsForZSet().add(key("__heartbeats__"), dead, now - 120_000);
		publishRaw("default", "waiting", "{}");
		redis().opsForHash().put(key("default.msgs"), "m1", "p1");
		redis().opsForHash().put(key("default.msgs"), "m2", "p2");
		redis().opsForSet().add(key("__acks__." + dead + ".default"), "m1", "m2", "m3");
		redis().opsForHash().put(key("other.msgs"), "o1", "p");
		redis().opsForSet().add(key("__acks__." + dead + ".other"), "o1");
		RedisDispatcher dispatcher = dispatcher(options().withMaintenanceChance(1_000_000));
		// When a live broker runs a command on default with maintenance forced
		dispatcher.fetch("default", 0);
		// I expect m1 and m2 at the tail, m3 dropped, D's ack set of default deleted
		List<String> queue = redis().opsForList().range(key("default"), 0, -1);
		assertThat(queue).hasSize(3).startsWith("waiting");
		assertThat(queue.subList(1, 3)).containsExactlyInAnyOrder("m1", "m2");
		assertThat(redis().hasKey(key("__acks__." + dead + ".default"))).isFalse();
		// and D still listed while its ack set of other remains
		assertThat(redis().opsForZSet().score(key("__heartbeats__"), dead)).isNotNull();
		dispatcher.fetch("other", 0);
		assertThat(redis().opsForList().range(key("other"), 0, -1)).containsExactly("o1");
		assertThat(redis().opsForZSet().score(key("__heartbeats__"), dead)).isNull();
	}

	@Test
	void maintenanceLeavesTheAckSetsOfLiveBrokersAlone() {
		long now = System.currentTimeMillis();
		String live = UUID.randomUUID().toString();
		redis().opsForZSet().add(key("__heartbeats__"), live, now - 1_000);
		redis().opsForHash().put(key("default.msgs"), "m1", "p1");
		redis().opsForSet().add(key("__acks__." + live + ".default"), "m1");
		dispatcher(options().withMaintenanceChance(1_000_000)).fetch("default", 0);
		assertThat(redis().hasKey(key("default"))).isFalse();
		assertThat(redis().opsForSet().members(key("__acks__." + live + ".default"))).containsExactly("m1");
	}

	@Test
	void maintenanceDeletesExpiredDeadLettersInBatches() {
		// C34: more dead letters than one Lua unpack may take
		int count = RedisDispatcher.MAX_UNPACK_SIZE + 1100;
		long now = System.currentTimeMillis();
		Set<TypedTuple<String>> members = new HashSet<>();
		Map<String, String> payloads = new HashMap<>();
		for (int i = 0; i < count; i++) {
			members.add(TypedTuple.of("x" + i, (double) (now - 10 - i)));
			payloads.put("x" + i, "payload " + i);
		}
		redis().opsForZSet().add(key("default.XQ"), members);
		redis().opsForHash().putAll(key("default.XQ.msgs"), payloads);
		RedisBrokerOptions options = options().withDeadMessageTtl(Duration.ZERO);
		// without maintenance nothing expires
		dispatcher(options).fetch("default", 0);
		assertThat(redis().opsForZSet().zCard(key("default.XQ"))).isEqualTo(count);
		// with it, every expired entry goes, from the set and from the hash
		dispatcher(options.withMaintenanceChance(1_000_000)).fetch("default", 0);
		assertThat(redis().hasKey(key("default.XQ"))).isFalse();
		assertThat(redis().hasKey(key("default.XQ.msgs"))).isFalse();
	}

	@Test
	void maintenanceKeepsDeadLettersYoungerThanTheirTtl() {
		long now = System.currentTimeMillis();
		redis().opsForZSet().add(key("default.XQ"), "old", now - 120_000);
		redis().opsForZSet().add(key("default.XQ"), "young", now - 1_000);
		redis().opsForHash().put(key("default.XQ.msgs"), "old", "p");
		redis().opsForHash().put(key("default.XQ.msgs"), "young", "p");
		dispatcher(options().withDeadMessageTtl(Duration.ofMinutes(1)).withMaintenanceChance(1_000_000))
			.fetch("default.DQ", 0);
		assertThat(redis().opsForZSet().range(key("default.XQ"), 0, -1)).containsExactly("young");
		assertThat(redis().opsForHash().keys(key("default.XQ.msgs"))).containsExactly("young");
	}

	@Test
	void requeueAppendsToTheTailAndDropsIdsWhosePayloadIsGone() throws Exception {
		// C36
		RedisBroker broker = broker();
		List<String> rids = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			rids.add((String) broker.enqueue(Message.create("default", "f", List.of(i), Map.of(), Map.of()))
				.option("redis_message_id"));
		}
		Consumer consumer = consume(broker, "default", 3);
		List<Delivery> deliveries = List.of(consumer.next(), consumer.next(), consumer.next());
		assertThat(redis().opsForSet().members(acks(broker, "default")))
			.containsExactlyInAnyOrderElementsOf(rids.subList(0, 3));
		redis().opsForHash().delete(key("default.msgs"), rids.get(1));
		consumer.requeue(deliveries);
		assertThat(redis().opsForList().range(key("default"), 0, -1)).containsExactly(rids.get(3), rids.get(0),
				rids.get(2));
		assertThat(redis().hasKey(acks(broker, "default"))).isFalse();
	}

	@Test
	void flushPurgesTheQueueItsDeadLettersAndOwnAckSetsThenTheDelayQueue() throws Exception {
		// C37
		RedisBroker broker = broker();
		broker.declareQueue("default");
		for (int i = 0; i < 3; i++) {
			broker.enqueue(Message.create("default", "f", List.of(i), Map.of(), Map.of()));
		}
		broker.enqueue(Message.create("default", "f", List.of(), Map.of(), Map.of()), Duration.ofHours(1));
		broker.enqueue(Message.create("default", "f", List.of(), Map.of(), Map.of()), Duration.ofHours(1));
		Consumer consumer = consume(broker, "default", 1);
		consumer.nack(consumer.next(), null);
		consumer.next();
		consume(broker, "default.DQ", 1).next();
		redis().opsForSet().add(key("__acks__.someone-else.default"), "x");
		assertThat(support().keys(this.ns)).contains(key("default"), key("default.msgs"), key("default.XQ"),
				key("default.XQ.msgs"), acks(broker, "default"), key("default.DQ"), key("default.DQ.msgs"),
				acks(broker, "default.DQ"));
		broker.flush("default");
		assertThat(support().keys(this.ns)).containsExactlyInAnyOrder(key("__heartbeats__"),
				key("__acks__.someone-else.default"));
	}

	@Test
	void namespacesKeepBrokersApart() throws Exception {
		// C40
		String app = support().newNamespace("app1-");
		RedisBroker app1 = broker(RedisBrokerOptions.defaults().withNamespace(app));
		RedisBroker other = broker();
		app1.enqueue(Message.create("default", "f", List.of(), Map.of(), Map.of()));
		assertThat(support().keys(app)).containsExactlyInAnyOrder(app + ":default", app + ":default.msgs",
				app + ":__heartbeats__");
		assertThat(other.queueCounts("default")).isEqualTo(new Broker.QueueCounts(0, 0, 0));
		assertThat(consume(other, "default", 10).next()).isNull();
		assertThat(consume(app1, "default", 10).next()).isNotNull();
	}

	@Test
	void messagesAreFirstInFirstOutWhateverTheirBrokerPriority() throws Exception {
		// C42
		RedisBroker broker = broker();
		List<String> sent = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			sent.add(broker
				.enqueue(Message.create("default", "f", List.of(i), Map.of(), Map.of("broker_priority", (i % 2) * 9)))
				.messageId());
		}
		Consumer consumer = consume(broker, "default", 1);
		List<String> received = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Delivery delivery = consumer.next();
			received.add(delivery.message().messageId());
			consumer.ack(delivery);
		}
		assertThat(received).containsExactlyElementsOf(sent);
		assertThat(support().keys(this.ns)).containsExactly(key("__heartbeats__"));
	}

}
