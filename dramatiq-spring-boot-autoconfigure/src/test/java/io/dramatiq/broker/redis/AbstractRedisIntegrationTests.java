package io.dramatiq.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.broker.Consumer;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Shared set-up of the Redis integration tests: each test gets its own namespace
 * ({@code ns}), whose keys are deleted afterwards, and brokers, consumers and workers
 * that are closed after it.
 */
abstract class AbstractRedisIntegrationTests {

	protected static final Duration WAIT = Duration.ofSeconds(20);

	private static RedisTestSupport support;

	protected String ns;

	private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();

	private final List<Worker> workers = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void connect() {
		support = RedisTestSupport.connect();
	}

	@AfterAll
	static void disconnect() {
		if (support != null) {
			support.close();
		}
	}

	@BeforeEach
	void createNamespace() {
		this.ns = support.newNamespace();
	}

	@AfterEach
	void closeEverything() throws Exception {
		for (Worker worker : this.workers) {
			worker.stop(Duration.ofSeconds(5));
		}
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		support.deleteNamespace(this.ns);
	}

	protected RedisTestSupport support() {
		return support;
	}

	protected StringRedisTemplate redis() {
		return support.redis();
	}

	protected RedisBrokerOptions options() {
		return RedisBrokerOptions.defaults().withNamespace(this.ns);
	}

	protected RedisBroker broker() {
		return broker(options());
	}

	protected RedisBroker broker(RedisBrokerOptions options) {
		RedisBroker broker = new RedisBroker(support.connectionFactory(), new JsonMessageEncoder(), options);
		this.closeables.add(broker);
		return broker;
	}

	protected RedisDispatcher dispatcher(RedisBrokerOptions options) {
		return new RedisDispatcher(support.connectionFactory(), options);
	}

	protected Consumer consume(RedisBroker broker, String queueName, int prefetch) {
		return consume(broker, queueName, prefetch, Duration.ofMillis(200));
	}

	protected Consumer consume(RedisBroker broker, String queueName, int prefetch, Duration timeout) {
		Consumer consumer = broker.consume(queueName, prefetch, timeout);
		this.closeables.add(consumer);
		return consumer;
	}

	protected Worker startWorker(RedisBroker broker, WorkerOptions options) {
		Worker worker = new Worker(broker, options.withWorkerTimeout(Duration.ofMillis(100)));
		this.workers.add(worker);
		worker.start();
		return worker;
	}

	protected void declare(RedisBroker broker, String queueName, String actorName, ActorFunction function) {
		broker.declareActor(new ActorDefinition(actorName, queueName, 0, Map.of(), function));
	}

	protected void publishRaw(String queueName, String redisMessageId, String payload) {
		support.publishRaw(this.ns, queueName, redisMessageId, payload.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Return the full name of a key of this test's namespace.
	 */
	protected String key(String name) {
		return this.ns + ":" + name;
	}

	protected String acks(RedisBroker broker, String queueName) {
		return key("__acks__." + broker.options().brokerId() + "." + queueName);
	}

}
