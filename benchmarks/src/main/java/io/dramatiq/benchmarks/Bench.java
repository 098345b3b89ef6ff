package io.dramatiq.benchmarks;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Level;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.broker.rabbitmq.RabbitmqBrokerOptions;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.redis.RedisBrokerOptions;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.DefaultMiddleware;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import tools.jackson.databind.json.JsonMapper;

/**
 * One command for the figures of one broker, side by side: enqueue throughput, drain
 * throughput of a no-op actor with 1, 2, 4, 8 and 16 worker threads, send-to-start
 * latency on an idle and on a loaded worker and, for RabbitMQ and Redis, what the plain
 * client reaches on the same workload, with our throughput as a percentage of it.
 * <p>
 * Run:
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.dramatiq.benchmarks.Bench --broker stub|rabbitmq|redis [--json out.json]}.
 * System properties: {@code messages} (20,000 per phase), {@code producers} (8),
 * {@code warmup} (2,000 messages sent before the enqueue is timed), {@code samples} (30
 * latency samples each), {@code timeLimit} (20 s per phase). The brokers carry Python's
 * default middleware; RabbitMQ runs with publisher confirms. Loopback only: RabbitMQ on
 * 127.0.0.1:5672 (guest), Redis on 127.0.0.1:6379.
 */
public final class Bench {

	private static final Logger logger = LoggerFactory.getLogger(Bench.class);

	private static final int MESSAGES = Integer.getInteger("messages", 20_000);

	private static final int PRODUCERS = Integer.getInteger("producers", 8);

	private static final int WARM_UP = Integer.getInteger("warmup", 2_000);

	private static final int SAMPLES = Integer.getInteger("samples", 30);

	private static final long TIME_LIMIT_SECONDS = Long.getLong("timeLimit", 20);

	private static final int[] THREADS = { 1, 2, 4, 8, 16 };

	private static final String QUEUE = "bench_" + UUID.randomUUID().toString().substring(0, 8);

	private static final AtomicReference<CountDownLatch> remaining = new AtomicReference<>(new CountDownLatch(0));

	private static final BlockingQueue<Long> pings = new ArrayBlockingQueue<>(1024);

	/**
	 * Background messages per second actually sent during the last loaded latency run.
	 */
	private static double backgroundSent;

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		String kind = "stub";
		String json = null;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--broker" -> kind = args[++i];
				case "--json" -> json = args[++i];
				default -> throw new IllegalArgumentException(
						"Usage: Bench --broker stub|rabbitmq|redis [--json out.json], not " + args[i]);
			}
		}
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("broker", kind);
		results.put("messages", MESSAGES);
		results.put("cores", Runtime.getRuntime().availableProcessors());
		results.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		results.put("java", Runtime.version().toString());
		System.out.printf("Bench: %s broker, queue %s, %,d messages per phase, %d cores, load average %.2f, Java %s%n",
				kind, QUEUE, MESSAGES, Runtime.getRuntime().availableProcessors(), results.get("loadAverage"),
				Runtime.version());
		Target target = switch (kind) {
			case "stub" -> new StubTarget();
			case "rabbitmq" -> new RabbitmqTarget();
			case "redis" -> new RedisTarget();
			default -> throw new IllegalArgumentException("Unknown broker " + kind);
		};
		try (target) {
			run(target, results);
		}
		if (json != null) {
			JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(new File(json), results);
			System.out.println("Wrote " + json);
		}
	}

	private static void run(Target target, Map<String, Object> results) throws Exception {
		Broker broker = target.broker();
		broker.declareActor(new ActorDefinition("noop", QUEUE, 0, Map.of(), (a, k) -> {
			remaining.get().countDown();
			return null;
		}));
		broker.declareActor(new ActorDefinition("ping", QUEUE, 0, Map.of(), (a, k) -> {
			pings.offer(System.nanoTime() - ((Number) a.get(0)).longValue());
			return null;
		}));
		// warm-up: connections, channels, the JIT
		sendAll(broker, WARM_UP);
		broker.flush(QUEUE);

		long start = System.nanoTime();
		sendAll(broker, MESSAGES);
		double enqueue = MESSAGES / seconds(System.nanoTime() - start);
		broker.flush(QUEUE);
		results.put("enqueue", enqueue);
		double rawEnqueue = target.rawEnqueue(MESSAGES);
		System.out.printf("%-44s %,10.0f msg/s%s%n", "enqueue, " + PRODUCERS + " producer threads", enqueue,
				percentOf(enqueue, rawEnqueue));
		if (rawEnqueue > 0) {
			results.put("rawEnqueue", rawEnqueue);
			System.out.printf("%-44s %,10.0f msg/s%n", "  plain client, same workload", rawEnqueue);
		}

		Map<String, Double> drain = new LinkedHashMap<>();
		for (int threads : THREADS) {
			drain.put(String.valueOf(threads), drain(broker, threads));
		}
		results.put("drain", drain);
		double rawDrain = target.rawDrain(MESSAGES);
		if (rawDrain > 0) {
			results.put("rawDrain", rawDrain);
		}
		for (Map.Entry<String, Double> entry : drain.entrySet()) {
			System.out.printf("%-44s %,10.0f msg/s%s%n", "drain, no-op actor, " + entry.getKey() + " worker threads",
					entry.getValue(), percentOf(entry.getValue(), rawDrain));
		}
		if (rawDrain > 0) {
			System.out.printf("%-44s %,10.0f msg/s  (%s)%n", "  plain client, same workload", rawDrain,
					target.rawDrainDescription());
		}

		Worker worker = new Worker(broker, WorkerOptions.defaults().withThreads(8));
		worker.start();
		try {
			long[] idle = latencies(broker, SAMPLES, 0);
			double loadRate = drain.get("8") / 2;
			long[] loaded = latencies(broker, SAMPLES, loadRate);
			results.put("latencyIdleMicros", Map.of("p50", percentile(idle, 50), "p99", percentile(idle, 99)));
			results.put("latencyLoadedMicros",
					Map.of("p50", percentile(loaded, 50), "p99", percentile(loaded, 99), "backgroundRate", loadRate));
			System.out.printf("%-44s p50 %,8.2f ms  p99 %,8.2f ms%n", "send-to-start, idle worker (8 threads)",
					percentile(idle, 50) / 1000.0, percentile(idle, 99) / 1000.0);
			System.out.printf("%-44s p50 %,8.2f ms  p99 %,8.2f ms%n",
					String.format("send-to-start, loaded (%,.0f msg/s)", backgroundSent),
					percentile(loaded, 50) / 1000.0, percentile(loaded, 99) / 1000.0);
		}
		finally {
			worker.stop(Duration.ofSeconds(10));
		}
	}

	private static String percentOf(double value, double ceiling) {
		return (ceiling > 0) ? String.format("  %5.1f%% of the plain client", 100 * value / ceiling) : "";
	}

	/**
	 * Send {@code count} no-op messages from {@link #PRODUCERS} threads, one
	 * {@code enqueue} call each.
	 */
	private static void sendAll(Broker broker, int count) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(PRODUCERS);
		try {
			AtomicLong next = new AtomicLong();
			List<Future<?>> results = new ArrayList<>();
			for (int p = 0; p < PRODUCERS; p++) {
				results.add(executor.submit(() -> {
					long i;
					while ((i = next.getAndIncrement()) < count) {
						broker.enqueue(Message.create(QUEUE, "noop", List.of(i), Map.of(), Map.of()));
					}
					return null;
				}));
			}
			for (Future<?> result : results) {
				result.get(TIME_LIMIT_SECONDS * 3, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * Queue {@link #MESSAGES} messages, then time a worker with {@code threads} threads
	 * running them all (or for at most the time limit).
	 */
	private static double drain(Broker broker, int threads) throws Exception {
		sendAll(broker, MESSAGES);
		CountDownLatch done = new CountDownLatch(MESSAGES);
		remaining.set(done);
		Worker worker = new Worker(broker, WorkerOptions.defaults().withThreads(threads));
		long start = System.nanoTime();
		worker.start();
		try {
			if (!done.await(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
				logger.warn("Drain with {} threads did not finish within {} s: {} messages left.", threads,
						TIME_LIMIT_SECONDS, done.getCount());
			}
			return (MESSAGES - done.getCount()) / seconds(System.nanoTime() - start);
		}
		finally {
			worker.stop(Duration.ofSeconds(10));
			broker.flush(QUEUE);
		}
	}

	/**
	 * Send {@code samples} pings, one at a time after a random gap, and return the sorted
	 * send-to-start times in microseconds; with {@code backgroundRate} above 0, no-op
	 * messages are sent at that rate meanwhile.
	 */
	private static long[] latencies(Broker broker, int samples, double backgroundRate) throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong sent = new AtomicLong();
		long started = System.nanoTime();
		remaining.set(new CountDownLatch(0));
		List<Thread> background = new ArrayList<>();
		if (backgroundRate > 0) {
			int senders = 4;
			long interval = (long) (1e9 * senders / backgroundRate);
			for (int s = 0; s < senders; s++) {
				Thread thread = new Thread(() -> {
					long next = System.nanoTime();
					while (!stop.get()) {
						broker.enqueue(Message.create(QUEUE, "noop", List.of(0), Map.of(), Map.of()));
						sent.incrementAndGet();
						next += interval;
						long wait = next - System.nanoTime();
						if (wait > 0) {
							LockSupport.parkNanos(wait);
						}
					}
				});
				thread.setDaemon(true);
				thread.start();
				background.add(thread);
			}
			TimeUnit.MILLISECONDS.sleep(500);
		}
		try {
			pings.clear();
			long[] micros = new long[samples];
			for (int i = 0; i < samples; i++) {
				TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(20, 200));
				broker.enqueue(Message.create(QUEUE, "ping", List.of(System.nanoTime()), Map.of(), Map.of()));
				Long nanos = pings.poll(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
				if (nanos == null) {
					throw new IllegalStateException("A ping did not run within " + TIME_LIMIT_SECONDS + " s.");
				}
				micros[i] = TimeUnit.NANOSECONDS.toMicros(nanos);
			}
			Arrays.sort(micros);
			return micros;
		}
		finally {
			stop.set(true);
			for (Thread thread : background) {
				thread.join(10_000);
			}
			backgroundSent = sent.get() / seconds(System.nanoTime() - started);
		}
	}

	static long percentile(long[] sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static <B extends Broker> B withMiddleware(B broker) {
		DefaultMiddleware.create().forEach(broker::addMiddleware);
		return broker;
	}

	/** A broker to measure and the plain client of the same server. */
	private interface Target extends AutoCloseable {

		Broker broker();

		/** Rate of the plain client sending the same messages, or 0 without one. */
		double rawEnqueue(int count) throws Exception;

		/** Rate of the plain client draining the same messages, or 0 without one. */
		double rawDrain(int count) throws Exception;

		String rawDrainDescription();

	}

	private static final class StubTarget implements Target {

		private final StubBroker broker = withMiddleware(new StubBroker());

		@Override
		public Broker broker() {
			return this.broker;
		}

		@Override
		public double rawEnqueue(int count) {
			return 0;
		}

		@Override
		public double rawDrain(int count) {
			return 0;
		}

		@Override
		public String rawDrainDescription() {
			return "";
		}

		@Override
		public void close() {
			this.broker.close();
		}

	}

	private static final class RabbitmqTarget implements Target {

		private final CachingConnectionFactory connectionFactory = new CachingConnectionFactory("127.0.0.1", 5672);

		private final RabbitmqBroker broker;

		private final Connection raw;

		private final String rawQueue = "bench_raw_" + UUID.randomUUID().toString().substring(0, 8);

		RabbitmqTarget() throws Exception {
			this.connectionFactory.setUsername("guest");
			this.connectionFactory.setPassword("guest");
			this.broker = withMiddleware(new RabbitmqBroker(this.connectionFactory, new JsonMessageEncoder(),
					RabbitmqBrokerOptions.defaults().withConfirmDelivery(true)));
			ConnectionFactory factory = new ConnectionFactory();
			factory.setHost("127.0.0.1");
			factory.setAutomaticRecoveryEnabled(false);
			this.raw = factory.newConnection("dramatiq-bench-plain-client");
			try (Channel channel = this.raw.createChannel()) {
				RabbitmqClientBaseline.declareQueue(channel, this.rawQueue);
			}
		}

		@Override
		public Broker broker() {
			return this.broker;
		}

		@Override
		public double rawEnqueue(int count) throws Exception {
			double rate = RabbitmqClientBaseline.confirmEach(this.raw, this.rawQueue, PRODUCERS, count);
			try (Channel channel = this.raw.createChannel()) {
				channel.queuePurge(this.rawQueue);
			}
			return rate;
		}

		@Override
		public double rawDrain(int count) throws Exception {
			RabbitmqClientBaseline.confirmBatch(this.raw, this.rawQueue, count);
			return RabbitmqClientBaseline.drain(this.raw, this.rawQueue, count, 16);
		}

		@Override
		public String rawDrainDescription() {
			return "prefetch 16, ack from the delivery thread";
		}

		@Override
		public void close() throws Exception {
			this.broker.close();
			try (Channel channel = this.raw.createChannel()) {
				for (String name : List.of(this.rawQueue, QUEUE, QUEUE + ".DQ", QUEUE + ".XQ")) {
					channel.queueDelete(name);
				}
			}
			this.raw.close();
			this.connectionFactory.destroy();
		}

	}

	private static final class RedisTarget implements Target {

		private final LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", 6379));

		private final String namespace = "dramatiq-bench-" + UUID.randomUUID().toString().substring(0, 8);

		private final RedisBroker broker;

		private final byte[] rawKey = bytes(this.namespace + ":plain");

		private final byte[] body = new JsonMessageEncoder()
			.encode(Message.create(QUEUE, "noop", List.of(1), Map.of(), Map.of()));

		RedisTarget() {
			this.factory.afterPropertiesSet();
			this.factory.start();
			this.broker = withMiddleware(new RedisBroker(this.factory, new JsonMessageEncoder(),
					RedisBrokerOptions.defaults().withNamespace(this.namespace)));
		}

		@Override
		public Broker broker() {
			return this.broker;
		}

		@Override
		public double rawEnqueue(int count) throws Exception {
			long start = System.nanoTime();
			parallel(PRODUCERS, count, (connection) -> connection.listCommands().lPush(this.rawKey, this.body));
			double rate = count / seconds(System.nanoTime() - start);
			try (RedisConnection connection = this.factory.getConnection()) {
				connection.keyCommands().del(this.rawKey);
			}
			return rate;
		}

		@Override
		public double rawDrain(int count) throws Exception {
			parallel(PRODUCERS, count, (connection) -> connection.listCommands().lPush(this.rawKey, this.body));
			long start = System.nanoTime();
			parallel(8, count, (connection) -> {
				while (connection.listCommands().rPop(this.rawKey) == null) {
					Thread.onSpinWait();
				}
			});
			return count / seconds(System.nanoTime() - start);
		}

		@Override
		public String rawDrainDescription() {
			return "8 threads, LPUSH then RPOP per message, shared Lettuce connection";
		}

		private void parallel(int threads, int count, java.util.function.Consumer<RedisConnection> call)
				throws Exception {
			ExecutorService executor = Executors.newFixedThreadPool(threads);
			try {
				AtomicLong next = new AtomicLong();
				List<Future<?>> results = new ArrayList<>();
				for (int t = 0; t < threads; t++) {
					results.add(executor.submit(() -> {
						try (RedisConnection connection = this.factory.getConnection()) {
							while (next.getAndIncrement() < count) {
								call.accept(connection);
							}
						}
						return null;
					}));
				}
				for (Future<?> result : results) {
					result.get(TIME_LIMIT_SECONDS * 3, TimeUnit.SECONDS);
				}
			}
			finally {
				executor.shutdownNow();
			}
		}

		@Override
		public void close() {
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

}
