package io.dramatiq.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.redis.RedisBrokerOptions;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * The Redis broker on 127.0.0.1:6379 in a namespace of its own, and Lettuce alone as its
 * ceiling: {@code LPUSH} of the same body from the same threads on the shared connection,
 * then {@code RPOP} by 8 threads. That ceiling is not the same work: our enqueue is one
 * {@code EVALSHA} of the dispatch script (a hash write, a list push and the wake-up
 * check) and our drain a fetch per prefetch plus an {@code ack} call per message.
 */
final class RedisTarget implements BenchTarget {

	/** The Redis server's port on 127.0.0.1: {@code -DredisPort}, 6379 by default. */
	static final int PORT = Integer.getInteger("redisPort", 6379);

	private final LettuceConnectionFactory factory = connectionFactory();

	private final String namespace = "dramatiq-bench-" + UUID.randomUUID().toString().substring(0, 8);

	private final RedisBroker broker;

	private final byte[] plainKey = bytes(this.namespace + ":plain");

	private final byte[] body = new JsonMessageEncoder()
		.encode(Message.create(Bench.QUEUE, "noop", List.of(1), Map.of(), Map.of()));

	private final ProcessStats stats = ProcessStats.forServer("redis-server", String.valueOf(PORT));

	// threads that live as long as the target, so that their context switches are counted
	private final ExecutorService executor = Executors.newFixedThreadPool(Math.max(8, Bench.PRODUCERS));

	RedisTarget() {
		this.broker = broker(this.factory, this.namespace);
	}

	static LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", PORT));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Create a broker with Python's default middleware.
	 * @param factory where its connection comes from
	 * @param namespace its key prefix
	 * @return the broker
	 */
	static RedisBroker broker(LettuceConnectionFactory factory, String namespace) {
		return Bench.withMiddleware(new RedisBroker(factory, new JsonMessageEncoder(),
				RedisBrokerOptions.defaults().withNamespace(namespace)));
	}

	@Override
	public Broker broker() {
		return this.broker;
	}

	@Override
	public ProcessStats stats() {
		return this.stats;
	}

	@Override
	public List<String> drainProcessArguments(String queue) {
		return List.of("redis", queue, this.namespace);
	}

	@Override
	public double plainEnqueue(int count) throws Exception {
		long start = System.nanoTime();
		parallel(Bench.PRODUCERS, count, (connection) -> connection.listCommands().lPush(this.plainKey, this.body));
		double rate = count / Bench.seconds(System.nanoTime() - start);
		try (RedisConnection connection = this.factory.getConnection()) {
			connection.keyCommands().del(this.plainKey);
		}
		return rate;
	}

	@Override
	public void plainFill(int count) throws Exception {
		parallel(Bench.PRODUCERS, count, (connection) -> connection.listCommands().lPush(this.plainKey, this.body));
	}

	@Override
	public double plainDrain(int count) throws Exception {
		long start = System.nanoTime();
		parallel(8, count, (connection) -> {
			while (connection.listCommands().rPop(this.plainKey) == null) {
				Thread.onSpinWait();
			}
		});
		return count / Bench.seconds(System.nanoTime() - start);
	}

	@Override
	public double plainWorkDrain(int count, int concurrency, Runnable work) throws Exception {
		long start = System.nanoTime();
		parallel(concurrency, count, (connection) -> {
			while (connection.listCommands().rPop(this.plainKey) == null) {
				Thread.onSpinWait();
			}
			work.run();
		});
		return count / Bench.seconds(System.nanoTime() - start);
	}

	@Override
	public String plainDrainDescription() {
		return "8 threads, RPOP per message, shared Lettuce connection";
	}

	private void parallel(int threads, int count, Consumer<RedisConnection> call) throws Exception {
		AtomicLong next = new AtomicLong();
		List<Future<?>> results = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			results.add(this.executor.submit(() -> {
				try (RedisConnection connection = this.factory.getConnection()) {
					while (next.getAndIncrement() < count) {
						call.accept(connection);
					}
				}
				return null;
			}));
		}
		for (Future<?> result : results) {
			result.get(Bench.TIME_LIMIT_SECONDS * 3, TimeUnit.SECONDS);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
		this.broker.close();
		try (RedisConnection connection = this.factory.getConnection()) {
			List<byte[]> keys = new ArrayList<>();
			try (Cursor<byte[]> cursor = connection.keyCommands()
				.scan(ScanOptions.scanOptions().match(this.namespace + ":*").count(1000).build())) {
				cursor.forEachRemaining(keys::add);
			}
			if (!keys.isEmpty()) {
				connection.keyCommands().del(keys.toArray(new byte[0][]));
			}
		}
		this.factory.destroy();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
