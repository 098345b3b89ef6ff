package io.dramatiq.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.message.Message;
import io.dramatiq.worker.VirtualThreads;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Drains of actors that wait, as real actors do: {@code io_incr} makes one Redis round
 * trip ({@code INCR} on a connection of its own, not the broker's), {@code io_sleep}
 * sleeps 5 ms (a stand-in for a slow HTTP call). Each is drained by a worker of 8
 * platform threads right after the plain client does the same work with 8 threads (so
 * both see the same machine), and by a worker of {@code ioConcurrency} (200) virtual
 * threads when the JVM has them; 3 runs each, min / median / max.
 * <p>
 * System properties: {@code ioMessages} (30,000 per drain; the 8-thread sleep drains run
 * {@code ioSleepMessages}, 8,000), {@code ioConcurrency} (200), {@code ioRuns} (3),
 * {@code ioRedisPort} (6379: the Redis the actor talks to, on 127.0.0.1).
 */
final class IoWorkload {

	static final String INCR = "io_incr";

	static final String SLEEP = "io_sleep";

	private static final int MESSAGES = Integer.getInteger("ioMessages", 30_000);

	private static final int SLEEP_MESSAGES = Integer.getInteger("ioSleepMessages", 8_000);

	private static final int CONCURRENCY = Integer.getInteger("ioConcurrency", 200);

	private static final int RUNS = Integer.getInteger("ioRuns", 3);

	private static final int REDIS_PORT = Integer.getInteger("ioRedisPort", 6379);

	private final BenchTarget target;

	private final String queue;

	private final AtomicReference<CountDownLatch> remaining = new AtomicReference<>(new CountDownLatch(0));

	private final RedisClient client = RedisClient.create("redis://127.0.0.1:" + REDIS_PORT);

	private final StatefulRedisConnection<String, String> connection;

	private final RedisCommands<String, String> redis;

	private final String key = "dramatiq-bench-io-" + UUID.randomUUID().toString().substring(0, 8);

	IoWorkload(BenchTarget target, String queue) {
		this.target = target;
		this.queue = queue;
		this.connection = this.client.connect();
		this.redis = this.connection.sync();
		Broker broker = target.broker();
		broker.declareActor(new ActorDefinition(INCR, queue, 0, Map.of(), (a, k) -> {
			incr();
			this.remaining.get().countDown();
			return null;
		}));
		broker.declareActor(new ActorDefinition(SLEEP, queue, 0, Map.of(), (a, k) -> {
			Thread.sleep(5);
			this.remaining.get().countDown();
			return null;
		}));
	}

	private void incr() {
		this.redis.incr(this.key);
	}

	private static void sleep() {
		try {
			Thread.sleep(5);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	Map<String, Object> run() throws Exception {
		Map<String, Object> results = new LinkedHashMap<>();
		System.out.printf("I/O actors: %,d messages per drain (%,d for 8-thread sleeps), %d runs, actor's Redis on"
				+ " port %d, Java %s%n", MESSAGES, SLEEP_MESSAGES, RUNS, REDIS_PORT, Runtime.version());
		results.put("incr8", pairs(INCR, MESSAGES, this::incr));
		results.put("sleep8", pairs(SLEEP, SLEEP_MESSAGES, IoWorkload::sleep));
		if (VirtualThreads.isSupported()) {
			results.put("incrVirtual", virtual(INCR, MESSAGES));
			results.put("sleepVirtual", virtual(SLEEP, MESSAGES));
		}
		else {
			System.out.println("virtual threads: skipped, this is Java " + Runtime.version().feature()
					+ " (run Bench on a JDK 21+ for them)");
		}
		try {
			this.redis.del(this.key);
		}
		finally {
			this.connection.close();
			this.client.shutdown();
		}
		return results;
	}

	private Map<String, Object> pairs(String actor, int messages, Runnable work) throws Exception {
		double[] plain = new double[RUNS];
		double[] ours = new double[RUNS];
		for (int i = 0; i < RUNS; i++) {
			double load = loadAverage();
			if (this.target.hasPlainClient()) {
				this.target.plainFill(messages);
				plain[i] = this.target.plainWorkDrain(messages, 8, work);
			}
			ours[i] = drain(actor, messages, WorkerOptions.defaults().withThreads(8));
			System.out.printf("  %-9s 8 threads  run %d  plain %,8.0f msg/s  ours %,8.0f msg/s  (load %.2f)%n", actor,
					i + 1, plain[i], ours[i], load);
		}
		print(actor + ", 8 platform threads", ours);
		if (this.target.hasPlainClient()) {
			print(actor + ", plain client, 8 threads", plain);
		}
		return Map.of("ours", ours, "plain", plain);
	}

	private Map<String, Object> virtual(String actor, int messages) throws Exception {
		double[] ours = new double[RUNS];
		for (int i = 0; i < RUNS; i++) {
			double load = loadAverage();
			ours[i] = drain(actor, messages,
					WorkerOptions.defaults().withThreads(CONCURRENCY).withVirtualThreads(true));
			System.out.printf("  %-9s %d virtual  run %d  ours %,8.0f msg/s  (load %.2f)%n", actor, CONCURRENCY, i + 1,
					ours[i], load);
		}
		print(actor + ", " + CONCURRENCY + " virtual threads", ours);
		return Map.of("ours", ours, "concurrency", CONCURRENCY);
	}

	private static void print(String label, double[] rates) {
		double[] sorted = rates.clone();
		java.util.Arrays.sort(sorted);
		System.out.printf("%-56s %,10.0f msg/s   (min %,.0f / max %,.0f)%n", label, Bench.median(rates), sorted[0],
				sorted[sorted.length - 1]);
	}

	private double drain(String actor, int messages, WorkerOptions options) throws Exception {
		Broker broker = this.target.broker();
		List<Message> batch = new ArrayList<>(1000);
		for (int i = 0; i < messages; i++) {
			batch.add(Message.create(this.queue, actor, List.of(i), Map.of(), Map.of()));
			if (batch.size() == 1000 || i == messages - 1) {
				broker.enqueueAll(batch);
				batch = new ArrayList<>(1000);
			}
		}
		CountDownLatch done = new CountDownLatch(messages);
		this.remaining.set(done);
		Worker worker = new Worker(broker, options);
		long start = System.nanoTime();
		worker.start();
		try {
			if (!done.await(Bench.TIME_LIMIT_SECONDS * 3, TimeUnit.SECONDS)) {
				System.out.printf("  drain did not finish: %,d messages left%n", done.getCount());
			}
			return (messages - done.getCount()) / Bench.seconds(System.nanoTime() - start);
		}
		finally {
			worker.stop(Duration.ofSeconds(10));
			broker.flush(this.queue);
		}
	}

	private static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
