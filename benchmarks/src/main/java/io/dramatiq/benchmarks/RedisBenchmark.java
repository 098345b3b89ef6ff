package io.dramatiq.benchmarks;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.redis.RedisBrokerOptions;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * Redis broker throughput and idle latency, against a Redis on the loopback interface
 * (see {@code docs/benchmarks.md}):
 * <ol>
 * <li>enqueue: {@code messages} sends of a one-argument message from {@code producers}
 * threads sharing one broker (one multiplexed Lettuce connection);</li>
 * <li>drain: a {@link Worker} with 8 threads and a no-op actor runs the messages just
 * enqueued, from start to the last ack;</li>
 * <li>both, {@code rounds} times: the first two rounds warm the JIT up and are labelled
 * so; the others are the figures;</li>
 * <li>idle pick-up: with the worker idle, one message at a time is sent after a random
 * idle gap, and the time from send to the actor's start is taken; first as the Java
 * producer sends it, then written as Python writes it ({@code HSET} + {@code RPUSH},
 * which does not wake consumers), to show the polling fallback.</li>
 * </ol>
 * Everything happens in a fresh namespace whose keys are deleted at the end.
 * <p>
 * System properties: {@code redis.host} (127.0.0.1), {@code redis.port} (6379),
 * {@code messages} (50000), {@code producers} (8), {@code rounds} (5), {@code samples}
 * (50).
 */
public final class RedisBenchmark {

	private static final String QUEUE = "bench";

	private static final int WARM_UP_ROUNDS = 2;

	private RedisBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		// logback logs everything at DEBUG without a configuration file
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
			.setLevel(ch.qos.logback.classic.Level.WARN);
		String host = System.getProperty("redis.host", "127.0.0.1");
		int port = Integer.getInteger("redis.port", 6379);
		int messages = Integer.getInteger("messages", 50_000);
		int producers = Integer.getInteger("producers", 8);
		int samples = Integer.getInteger("samples", 50);
		int rounds = Integer.getInteger("rounds", WARM_UP_ROUNDS + 3);
		if (!InetAddress.getByName(host).isLoopbackAddress()) {
			throw new IllegalArgumentException("The benchmark only runs against a loopback Redis, not " + host + ".");
		}
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		factory.afterPropertiesSet();
		factory.start();
		String namespace = "dramatiq-bench-" + UUID.randomUUID().toString().substring(0, 8);
		RedisBroker broker = new RedisBroker(factory, new JsonMessageEncoder(),
				RedisBrokerOptions.defaults().withNamespace(namespace));
		try {
			AtomicInteger ran = new AtomicInteger();
			BlockingQueue<Long> started = new ArrayBlockingQueue<>(1);
			broker.declareActor(new ActorDefinition("noop", QUEUE, 0, Map.of(), (a, k) -> {
				ran.incrementAndGet();
				return null;
			}));
			broker.declareActor(new ActorDefinition("ping", QUEUE, 0, Map.of(), (a, k) -> {
				started.add(System.nanoTime());
				return null;
			}));
			System.out.printf(
					"Redis %s:%d, namespace %s, %d messages, %d producer threads, %d CPUs, load average %.2f%n", host,
					port, namespace, messages, producers, Runtime.getRuntime().availableProcessors(),
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

			// warm up: the JIT needs a few hundred thousand calls before these paths run
			// at
			// full speed in a long-lived service, so the figures are taken from round 3
			// on
			for (int round = 1; round <= rounds; round++) {
				CpuMeter cpu = new CpuMeter(factory);
				double enqueueRate = enqueue(broker, messages, producers);
				String enqueueCpu = cpu.perMessage(messages);
				ran.set(0);
				Worker worker = new Worker(broker, WorkerOptions.defaults().withThreads(8));
				cpu = new CpuMeter(factory);
				long start = System.nanoTime();
				worker.start();
				while (ran.get() < messages) {
					TimeUnit.MILLISECONDS.sleep(1);
				}
				worker.join();
				double drainRate = messages / seconds(System.nanoTime() - start);
				String drainCpu = cpu.perMessage(messages);
				worker.stop(Duration.ofSeconds(10));
				String label = (round <= WARM_UP_ROUNDS) ? "warm-up " : "";
				System.out.printf("%sround %d: enqueue %.0f msg/s (%s); drain (8 threads) %.0f msg/s (%s)%n", label,
						round, enqueueRate, enqueueCpu, drainRate, drainCpu);
			}

			Worker worker = new Worker(broker, WorkerOptions.defaults().withThreads(8));
			worker.start();
			long[] java = latencies(samples, started,
					() -> broker.enqueue(Message.create(QUEUE, "ping", List.of(), Map.of(), Map.of())));
			report("idle pick-up, Java producer", java);
			long[] python = latencies(Math.max(1, samples / 2), started, () -> writeAsPython(factory, namespace));
			report("idle pick-up, producer without wake-up (as Python)", python);
			worker.stop(Duration.ofSeconds(10));
		}
		finally {
			broker.close();
			deleteNamespace(factory, namespace);
			factory.destroy();
		}
	}

	private static double enqueue(RedisBroker broker, int messages, int producers) throws InterruptedException {
		CountDownLatch done = new CountDownLatch(producers);
		long start = System.nanoTime();
		for (int p = 0; p < producers; p++) {
			int share = messages / producers + ((p < messages % producers) ? 1 : 0);
			Thread thread = new Thread(() -> {
				for (int i = 0; i < share; i++) {
					broker.enqueue(Message.create(QUEUE, "noop", List.of(i), Map.of(), Map.of()));
				}
				done.countDown();
			}, "producer-" + p);
			thread.start();
		}
		done.await();
		return messages / seconds(System.nanoTime() - start);
	}

	private static long[] latencies(int samples, BlockingQueue<Long> started, Runnable send)
			throws InterruptedException {
		long[] micros = new long[samples];
		for (int i = 0; i < samples; i++) {
			// an idle gap long enough for the consumers' idle backoff to grow
			TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(200, 2000));
			long sent = System.nanoTime();
			send.run();
			Long ranAt = started.poll(30, TimeUnit.SECONDS);
			if (ranAt == null) {
				throw new IllegalStateException("A message sent to the idle worker did not run within 30 s.");
			}
			micros[i] = TimeUnit.NANOSECONDS.toMicros(ranAt - sent);
		}
		Arrays.sort(micros);
		return micros;
	}

	private static void writeAsPython(LettuceConnectionFactory factory, String namespace) {
		String rid = UUID.randomUUID().toString();
		Message message = Message.create(QUEUE, "ping", List.of(), Map.of(), Map.of("redis_message_id", rid));
		byte[] payload = new JsonMessageEncoder().encode(message);
		try (RedisConnection connection = factory.getConnection()) {
			connection.hashCommands().hSet(bytes(namespace + ":" + QUEUE + ".msgs"), bytes(rid), payload);
			connection.listCommands().rPush(bytes(namespace + ":" + QUEUE), bytes(rid));
		}
	}

	private static void report(String what, long[] sortedMicros) {
		System.out.printf("%s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)%n", what,
				percentile(sortedMicros, 50) / 1000.0, percentile(sortedMicros, 99) / 1000.0,
				sortedMicros[sortedMicros.length - 1] / 1000.0, sortedMicros.length);
	}

	private static long percentile(long[] sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}

	private static double seconds(long nanos) {
		return nanos / 1e9;
	}

	private static void deleteNamespace(LettuceConnectionFactory factory, String namespace) {
		try (RedisConnection connection = factory.getConnection()) {
			List<byte[]> keys = new ArrayList<>();
			try (Cursor<byte[]> cursor = connection.keyCommands()
				.scan(ScanOptions.scanOptions().match(namespace + ":*").count(1000).build())) {
				cursor.forEachRemaining(keys::add);
			}
			if (!keys.isEmpty()) {
				connection.keyCommands().del(keys.toArray(new byte[0][]));
			}
		}
	}

	/**
	 * CPU time spent by this JVM and by the Redis server (all its clients) since it was
	 * created, to tell the cost of a message from the contention of a shared machine.
	 */
	private static final class CpuMeter {

		private final LettuceConnectionFactory factory;

		private final long jvmNanos = jvmCpuNanos();

		private final double redisSeconds;

		CpuMeter(LettuceConnectionFactory factory) {
			this.factory = factory;
			this.redisSeconds = redisCpuSeconds();
		}

		String perMessage(int messages) {
			double jvm = (jvmCpuNanos() - this.jvmNanos) / 1e3 / messages;
			double redis = (redisCpuSeconds() - this.redisSeconds) * 1e6 / messages;
			return String.format("CPU per message: JVM %.1f us, Redis %.1f us", jvm, redis);
		}

		private static long jvmCpuNanos() {
			return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime();
		}

		private double redisCpuSeconds() {
			try (RedisConnection connection = this.factory.getConnection()) {
				Properties info = connection.serverCommands().info("cpu");
				return Double.parseDouble(info.getProperty("used_cpu_user"))
						+ Double.parseDouble(info.getProperty("used_cpu_sys"));
			}
		}

	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
