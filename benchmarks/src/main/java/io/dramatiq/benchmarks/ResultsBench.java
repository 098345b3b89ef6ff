package io.dramatiq.benchmarks;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Level;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.results.Results;
import io.dramatiq.results.redis.RedisResultBackend;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import tools.jackson.databind.json.JsonMapper;

/**
 * What storing results costs on Redis: paired drains of the same no-op actor without and
 * with {@code store_results} (one worker, 8 threads, results in Redis), each pair back to
 * back, and how soon a blocked {@code get} wakes once a result is stored.
 * <p>
 * Run:
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.dramatiq.benchmarks.ResultsBench [--json out.json]}.
 * System properties: {@code messages} (20,000 per drain), {@code pairs} (5),
 * {@code samples} (200 wake-ups), {@code warmup} (15 s). Redis on 127.0.0.1:6379, in
 * namespaces of its own.
 */
public final class ResultsBench {

	private static final int MESSAGES = Integer.getInteger("messages", 20_000);

	private static final int PAIRS = Integer.getInteger("pairs", 5);

	private static final int SAMPLES = Integer.getInteger("samples", 200);

	private static final int WARM_UP_SECONDS = Integer.getInteger("warmup", 15);

	private static final String QUEUE = "results_bench_" + UUID.randomUUID().toString().substring(0, 8);

	private static final AtomicReference<CountDownLatch> remaining = new AtomicReference<>(new CountDownLatch(0));

	private static final ProcessStats stats = ProcessStats.forServer("redis-server", "6379");

	private ResultsBench() {
	}

	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		String json = (args.length == 2 && "--json".equals(args[0])) ? args[1] : null;
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("messages", MESSAGES);
		results.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		results.put("java", Runtime.version().toString());
		System.out.printf("ResultsBench: Redis broker and Redis results, %,d messages per drain, load average %.2f%n",
				MESSAGES, results.get("loadAverage"));
		LettuceConnectionFactory factory = RedisTarget.connectionFactory();
		String namespace = "dramatiq-bench-" + UUID.randomUUID().toString().substring(0, 8);
		RedisResultBackend backend = new RedisResultBackend(factory, namespace + "-results", false,
				new JsonMessageEncoder());
		RedisBroker broker = RedisTarget.broker(factory, namespace);
		broker.addMiddleware(new Results(backend, JsonMapper.builder().build()));
		try {
			declare(broker, "noop", Map.of());
			declare(broker, "noop_stored", Map.of("store_results", true));
			warmUp(broker);
			results.put("pairedDrain", pairedDrains(broker));
			results.put("wakeMicros", wakeUps(backend));
		}
		finally {
			broker.flushAll();
			broker.close();
			factory.destroy();
		}
		if (json != null) {
			JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(new File(json), results);
			System.out.println("Wrote " + json);
		}
	}

	private static void declare(Broker broker, String name, Map<String, Object> options) {
		broker.declareActor(new ActorDefinition(name, QUEUE, 0, options, (args, kwargs) -> {
			remaining.get().countDown();
			return args.get(0);
		}));
	}

	private static Map<String, Object> pairedDrains(Broker broker) throws Exception {
		double[] plain = new double[PAIRS];
		double[] stored = new double[PAIRS];
		double[] percents = new double[PAIRS];
		for (int i = 0; i < PAIRS; i++) {
			ProcessStats.Reading start = stats.read();
			plain[i] = drain(broker, "noop", MESSAGES);
			ProcessStats.Reading middle = stats.read();
			stored[i] = drain(broker, "noop_stored", MESSAGES);
			ProcessStats.Cost storedCost = stats.read().perMessage(middle, MESSAGES);
			percents[i] = 100 * stored[i] / plain[i];
			System.out.printf("  pair %d  without results %,8.0f msg/s  %s%n", i + 1, plain[i],
					middle.perMessage(start, MESSAGES));
			System.out.printf("          with store_results %,8.0f msg/s  %s  = %5.1f%%%n", stored[i], storedCost,
					percents[i]);
		}
		System.out.printf("%-56s %,10.0f msg/s   %5.1f%% of the drain without (median of %d pairs)%n",
				"drain with store_results, 8 worker threads", Bench.median(stored), Bench.median(percents), PAIRS);
		return Map.of("without", plain, "with", stored, "percents", percents, "percentMedian", Bench.median(percents));
	}

	/**
	 * Fill the queue with {@code count} messages to an actor, then time a worker of 8
	 * threads running them, from its start to the last run.
	 */
	private static double drain(Broker broker, String actor, int count) throws Exception {
		List<Message> messages = new ArrayList<>(count);
		for (long i = 0; i < count; i++) {
			messages.add(Message.create(QUEUE, actor, List.of(i), Map.of(), Map.of()));
		}
		broker.enqueueAll(messages);
		CountDownLatch done = new CountDownLatch(count);
		remaining.set(done);
		Worker worker = new Worker(broker, WorkerOptions.defaults().withThreads(8));
		long start = System.nanoTime();
		worker.start();
		try {
			if (!done.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException(done.getCount() + " messages left after 60 s");
			}
			return count / Bench.seconds(System.nanoTime() - start);
		}
		finally {
			worker.stop(Duration.ofSeconds(10));
		}
	}

	private static void warmUp(Broker broker) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
		do {
			drain(broker, "noop", 5_000);
			drain(broker, "noop_stored", 5_000);
		}
		while (System.nanoTime() < deadline);
	}

	/**
	 * A reader blocks on a message's result; once it waits, this thread stores the
	 * result. The wake-up is the time from the start of the store call to the reader's
	 * return, so it includes the store's own round trip.
	 */
	private static Map<String, Object> wakeUps(RedisResultBackend backend) throws Exception {
		long[] micros = new long[SAMPLES];
		for (int i = 0; i < SAMPLES; i++) {
			Message message = Message.create(QUEUE, "noop_stored", List.of(i), Map.of(), Map.of());
			AtomicLong woke = new AtomicLong();
			CountDownLatch waiting = new CountDownLatch(1);
			Thread reader = new Thread(() -> {
				waiting.countDown();
				backend.getResult(message, Duration.ofSeconds(10));
				woke.set(System.nanoTime());
			});
			reader.start();
			waiting.await();
			// give the reader time to send its BLMOVE: a benchmark may wait, a test may
			// not
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
			long stored = System.nanoTime();
			backend.storeResult(message, i, Duration.ofMinutes(1));
			reader.join();
			micros[i] = (woke.get() - stored) / 1000;
		}
		Arrays.sort(micros);
		long p50 = SendToStart.percentile(micros, 50);
		long p99 = SendToStart.percentile(micros, 99);
		System.out.printf("%-56s p50 %,8.2f ms  p99 %,8.2f ms  max %,8.2f ms%n",
				"blocked get wakes after the result is stored (" + SAMPLES + ")", p50 / 1000.0, p99 / 1000.0,
				micros[micros.length - 1] / 1000.0);
		return Map.of("p50", p50, "p99", p99, "max", micros[micros.length - 1]);
	}

}
