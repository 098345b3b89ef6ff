package io.dramatiq.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker.QueueCounts;
import io.dramatiq.broker.DeadLetterQueues;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.Retries;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The Redis broker on a real Redis Cluster (3 masters, 3 replicas; start it with
 * {@code bash scripts/redis-cluster.sh start}), with a hash-tagged namespace so that
 * every key of the broker lives in one slot: messages run, fail into dead letters, wait
 * out their delay, wake idle consumers, and come back from a dead worker.
 */
class RedisClusterIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private RedisClusterTestSupport cluster;

	private String ns;

	private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

	@BeforeEach
	void connect() {
		this.cluster = RedisClusterTestSupport.connect();
		this.ns = "{dramatiq-test-" + UUID.randomUUID().toString().substring(0, 8) + "}";
		this.cluster.deleteOnClose(this.ns + ":*");
	}

	@AfterEach
	void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	void aNamespaceWithoutHashTagFailsOnAClusterNamingTheFix() {
		RedisBrokerOptions options = RedisBrokerOptions.defaults().withNamespace("dramatiq");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RedisBroker(this.cluster.connectionFactory(), new JsonMessageEncoder(), options))
			.withMessageContaining("'dramatiq' has no hash tag")
			.withMessageContaining("{dramatiq}");
	}

	@Test
	void messagesRunFailIntoDeadLettersAndAreCountedFlushedAndListed() {
		RedisBroker broker = broker(options());
		broker.addMiddleware(new Retries());
		Set<Object> ran = ConcurrentHashMap.newKeySet();
		broker.declareActor(new ActorDefinition("add", "default", 0, Map.of(), (args, kwargs) -> ran.add(args.get(0))));
		broker.declareActor(new ActorDefinition("fail", "default", 0, Map.of("max_retries", 0), (args, kwargs) -> {
			throw new IllegalStateException("boom");
		}));
		for (int i = 0; i < 10; i++) {
			broker.enqueue(Message.create("default", "add", List.of(i), Map.of(), Map.of()));
		}
		broker.enqueue(Message.create("default", "fail", List.of(), Map.of(), Map.of()));
		assertThat(broker.queueCounts("default").ready()).isEqualTo(11);
		startWorker(broker);
		await().atMost(WAIT).until(() -> ran.size() == 10);
		DeadLetterQueues deadLetters = broker.deadLetterQueues().orElseThrow();
		await().atMost(WAIT).until(() -> deadLetters.list("default", 0, 10).size() == 1);
		assertThat(deadLetters.list("default", 0, 10).get(0).actorName()).isEqualTo("fail");
		QueueCounts counts = broker.queueCounts("default");
		assertThat(counts.ready()).isZero();
		assertThat(counts.dead()).isEqualTo(1);
		broker.join("default", WAIT);
		assertThat(deadLetters.purge("default")).isEqualTo(1);
		broker.enqueue(Message.create("default", "missing", List.of(), Map.of(), Map.of()));
		broker.flush("default");
		assertThat(this.cluster.redis().keys(this.ns + ":default*")).isEmpty();
	}

	@Test
	void delayedMessagesRunOnceDue() {
		RedisBroker broker = broker(options());
		Set<Object> ran = ConcurrentHashMap.newKeySet();
		broker
			.declareActor(new ActorDefinition("later", "default", 0, Map.of(), (args, kwargs) -> ran.add(args.get(0))));
		long sent = System.currentTimeMillis();
		broker.enqueue(Message.create("default", "later", List.of("x"), Map.of(), Map.of()), Duration.ofMillis(500));
		assertThat(broker.queueCounts("default").delayed()).isEqualTo(1);
		startWorker(broker);
		await().atMost(WAIT).until(() -> ran.contains("x"));
		assertThat(System.currentTimeMillis() - sent).isGreaterThanOrEqualTo(500);
	}

	@Test
	void aMessageOnAnEmptyQueueWakesItsListenersThroughTheClusterPubSub() {
		RedisWakeups wakeups = new RedisWakeups(this.cluster.connectionFactory(), this.ns);
		this.closeables.add(wakeups::close);
		AtomicInteger woken = new AtomicInteger();
		wakeups.register("default", woken::incrementAndGet);
		await().atMost(WAIT).until(wakeups::isSubscribed);
		broker(options()).enqueue(Message.create("default", "add", List.of(1), Map.of(), Map.of()));
		await().atMost(Duration.ofSeconds(5)).until(() -> woken.get() == 1);
	}

	@Test
	void theMessagesOfADeadWorkerComeBackThroughTheMaintenanceTimer() {
		RedisBrokerOptions options = options().withMaintenanceChance(0).withHeartbeatTimeout(Duration.ofSeconds(2));
		RedisBroker producer = broker(options);
		for (int i = 0; i < 5; i++) {
			producer.enqueue(Message.create("default", "add", List.of(i), Map.of(), Map.of()));
		}
		RedisBrokerOptions deadOptions = options.withBrokerId(UUID.randomUUID().toString());
		assertThat(new RedisDispatcher(this.cluster.connectionFactory(), deadOptions).fetch("default", 5)).hasSize(5);
		RedisBroker survivor = broker(options);
		Set<Object> ran = ConcurrentHashMap.newKeySet();
		survivor
			.declareActor(new ActorDefinition("add", "default", 0, Map.of(), (args, kwargs) -> ran.add(args.get(0))));
		startWorker(survivor);
		await().atMost(Duration.ofSeconds(5)).until(() -> ran.size() == 5);
	}

	private RedisBrokerOptions options() {
		return RedisBrokerOptions.defaults().withNamespace(this.ns);
	}

	private RedisBroker broker(RedisBrokerOptions options) {
		RedisBroker broker = new RedisBroker(this.cluster.connectionFactory(), new JsonMessageEncoder(), options);
		this.closeables.add(broker);
		return broker;
	}

	private void startWorker(RedisBroker broker) {
		Worker worker = new Worker(broker,
				WorkerOptions.defaults().withThreads(2).withWorkerTimeout(Duration.ofMillis(100)));
		this.closeables.add(() -> worker.stop(Duration.ofSeconds(5)));
		worker.start();
	}

}
