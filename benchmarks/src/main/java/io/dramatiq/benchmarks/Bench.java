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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ch.qos.logback.classic.Level;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.DefaultMiddleware;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * One command for the figures of one broker, side by side: enqueue throughput, drain
 * throughput of a no-op actor with 1, 2, 4, 8 and 16 worker threads, the 8-thread drain
 * paired with the plain client's drain of the same messages (each pair run back to back,
 * with the CPU a message cost this JVM and the server), the drain of several worker
 * processes (RabbitMQ and Redis), send-to-start latency on an idle and on a loaded worker
 * and, for RabbitMQ and Redis, what the plain client reaches on the same workload, with
 * our throughput as a percentage of it.
 * <p>
 * Run:
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.dramatiq.benchmarks.Bench --broker stub|rabbitmq|redis [--workload noop|io|all] [--json out.json]}.
 * {@code --workload io} runs, after the warm-up, only the drains of actors that wait
 * ({@link IoWorkload}); {@code all} runs them after the no-op figures. System properties:
 * {@code messages} (20,000 per phase), {@code producers} (8), {@code warmup} (15 s of
 * sending and draining before anything is timed, so that the figures are those of a
 * long-running process, past the JIT's compilations), {@code pairs} (5 paired drains),
 * {@code samples} (30 latency samples each), {@code timeLimit} (20 s per phase),
 * {@code batch} (500, RabbitMQ's {@code enqueueAll}), {@code processes} (2 worker
 * processes for the multi-process drain; 1 skips it). The brokers carry Python's default
 * middleware; RabbitMQ runs with publisher confirms. Loopback only: RabbitMQ on
 * 127.0.0.1:5672 (guest), Redis on 127.0.0.1:6379.
 */
public final class Bench {

	private static final Logger logger = LoggerFactory.getLogger(Bench.class);

	static final int MESSAGES = Integer.getInteger("messages", 20_000);

	static final int PRODUCERS = Integer.getInteger("producers", 8);

	static final long TIME_LIMIT_SECONDS = Long.getLong("timeLimit", 20);

	static final String QUEUE = "bench_" + UUID.randomUUID().toString().substring(0, 8);

	private static final int WARM_UP_SECONDS = Integer.getInteger("warmup", 15);

	private static final int PAIRS = Integer.getInteger("pairs", 5);

	private static final int SAMPLES = Integer.getInteger("samples", 30);

	private static final int PROCESSES = Integer.getInteger("processes", 2);

	private static final int[] THREADS = { 1, 2, 4, 8, 16 };

	private static final AtomicReference<CountDownLatch> remaining = new AtomicReference<>(new CountDownLatch(0));

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		String kind = "stub";
		String json = null;
		String workload = "noop";
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--broker" -> kind = args[++i];
				case "--json" -> json = args[++i];
				case "--workload" -> workload = args[++i];
				default -> throw new IllegalArgumentException(
						"Usage: Bench --broker stub|rabbitmq|redis [--workload noop|io|all] [--json out.json], not "
								+ args[i]);
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
		BenchTarget target = switch (kind) {
			case "stub" -> new StubTarget();
			case "rabbitmq" -> new RabbitmqTarget();
			case "redis" -> new RedisTarget();
			default -> throw new IllegalArgumentException("Unknown broker " + kind);
		};
		try (target) {
			if (!workload.equals("io")) {
				run(target, results);
			}
			else {
				declareNoop(target.broker());
				warmUp(target);
			}
			if (!workload.equals("noop")) {
				results.put("io", new IoWorkload(target, QUEUE).run());
			}
		}
		if (json != null) {
			JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(new File(json), results);
			System.out.println("Wrote " + json);
		}
	}

	private static void declareNoop(Broker broker) {
		broker.declareActor(new ActorDefinition("noop", QUEUE, 0, Map.of(), (a, k) -> {
			remaining.get().countDown();
			return null;
		}));
	}

	private static void run(BenchTarget target, Map<String, Object> results) throws Exception {
		Broker broker = target.broker();
		declareNoop(broker);
		SendToStart sendToStart = new SendToStart(broker, QUEUE);
		warmUp(target);

		List<Figure> enqueues = new ArrayList<>();
		long start = System.nanoTime();
		sendAll(broker, QUEUE, MESSAGES);
		double enqueue = MESSAGES / seconds(System.nanoTime() - start);
		broker.flush(QUEUE);
		enqueues.add(new Figure("enqueue", PRODUCERS + " producer threads, one enqueue call each", enqueue,
				target.plainEnqueue(MESSAGES)));
		enqueues.addAll(target.extraEnqueueFigures(QUEUE, MESSAGES));
		for (Figure figure : enqueues) {
			results.put(figure.key(), figure.json());
			figure.print("enqueue, " + figure.description());
		}

		Map<String, Object> sweep = new LinkedHashMap<>();
		double eightThreadRate = 0;
		for (int threads : THREADS) {
			target.fill(QUEUE, MESSAGES);
			Drain drain = drain(target, threads);
			sweep.put(String.valueOf(threads), drain.json());
			eightThreadRate = (threads == 8) ? drain.rate() : eightThreadRate;
			System.out.printf("%-56s %,10.0f msg/s   %s%n", "drain, no-op actor, " + threads + " worker threads",
					drain.rate(), drain.cost());
		}
		results.put("drain", sweep);

		if (target.hasPlainClient()) {
			results.put("pairedDrain", pairedDrains(target));
		}
		List<String> processArguments = target.drainProcessArguments(QUEUE);
		if (processArguments != null && PROCESSES > 1) {
			results.put("multiProcessDrain", multiProcessDrain(target, processArguments));
		}

		Worker worker = new Worker(broker, WorkerOptions.defaults().withThreads(8));
		worker.start();
		try {
			long[] idle = sendToStart.idle(SAMPLES);
			// the background's no-op messages count down nothing
			remaining.set(new CountDownLatch(0));
			SendToStart.Latency loaded = sendToStart.loaded(SAMPLES, eightThreadRate / 2);
			results.put("latencyIdleMicros",
					Map.of("p50", SendToStart.percentile(idle, 50), "p99", SendToStart.percentile(idle, 99)));
			results.put("latencyLoadedMicros", Map.of("p50", SendToStart.percentile(loaded.micros(), 50), "p99",
					SendToStart.percentile(loaded.micros(), 99), "backgroundRate", loaded.backgroundRate()));
			System.out.printf("%-56s p50 %,8.2f ms  p99 %,8.2f ms%n", "send-to-start, idle worker (8 threads)",
					SendToStart.percentile(idle, 50) / 1000.0, SendToStart.percentile(idle, 99) / 1000.0);
			System.out.printf("%-56s p50 %,8.2f ms  p99 %,8.2f ms%n",
					String.format("send-to-start, loaded (%,.0f msg/s sent)", loaded.backgroundRate()),
					SendToStart.percentile(loaded.micros(), 50) / 1000.0,
					SendToStart.percentile(loaded.micros(), 99) / 1000.0);
		}
		finally {
			worker.stop(Duration.ofSeconds(10));
		}
	}

	/**
	 * Run {@link #PAIRS} pairs of drains, the plain client's then ours with 8 threads,
	 * back to back so that both see the same machine, and print each pair and the
	 * medians.
	 */
	private static Map<String, Object> pairedDrains(BenchTarget target) throws Exception {
		System.out.printf("paired drains, %,d messages each: the plain client (%s), then ours with 8 threads%n",
				MESSAGES, target.plainDrainDescription());
		double[] plainRates = new double[PAIRS];
		double[] ourRates = new double[PAIRS];
		double[] percents = new double[PAIRS];
		List<Object> pairs = new ArrayList<>();
		for (int i = 0; i < PAIRS; i++) {
			target.plainFill(MESSAGES);
			ProcessStats.Reading before = target.stats().read();
			long start = System.nanoTime();
			double plainRate = target.plainDrain(MESSAGES);
			ProcessStats.Cost plainCost = target.stats().read().perMessage(before, MESSAGES);
			double elapsed = seconds(System.nanoTime() - start);
			target.fill(QUEUE, MESSAGES);
			Drain ours = drain(target, 8);
			plainRates[i] = plainRate;
			ourRates[i] = ours.rate();
			percents[i] = 100 * ours.rate() / plainRate;
			System.out.printf("  pair %d  plain %,8.0f msg/s  %s%n", i + 1, plainRate, plainCost);
			System.out.printf("          ours  %,8.0f msg/s  %s  = %5.1f%%%n", ours.rate(), ours.cost(), percents[i]);
			pairs.add(Map.of("plain", Map.of("rate", plainRate, "seconds", elapsed, "cost", plainCost), "ours",
					ours.json(), "percent", percents[i]));
		}
		System.out.printf("%-56s %,10.0f msg/s   %5.1f%% of the plain client (median of the pairs)%n",
				"drain, 8 worker threads, median of " + PAIRS, median(ourRates), median(percents));
		System.out.printf("%-56s %,10.0f msg/s%n", "  plain client, median of " + PAIRS, median(plainRates));
		return Map.of("pairs", pairs, "ourMedian", median(ourRates), "plainMedian", median(plainRates), "percentMedian",
				median(percents));
	}

	/**
	 * Drain with {@link #PROCESSES} worker processes of 8 threads, three times after
	 * {@link #WARM_UP_SECONDS} of draining, and print each rate and the median.
	 */
	private static Map<String, Object> multiProcessDrain(BenchTarget target, List<String> arguments) throws Exception {
		double[] rates = new double[3];
		try (MultiProcessDrain processes = new MultiProcessDrain(PROCESSES, arguments)) {
			// the processes' JIT warms up as this one's did
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
			do {
				target.fill(QUEUE, MESSAGES);
				processes.drain(MESSAGES);
			}
			while (System.nanoTime() < deadline);
			for (int i = 0; i < rates.length; i++) {
				target.fill(QUEUE, MESSAGES);
				rates[i] = processes.drain(MESSAGES);
			}
		}
		String label = "drain, " + PROCESSES + " processes x 8 worker threads";
		System.out.printf("%-56s %,10.0f msg/s   (median of %,.0f / %,.0f / %,.0f)%n", label, median(rates), rates[0],
				rates[1], rates[2]);
		return Map.of("processes", PROCESSES, "rates", rates, "median", median(rates));
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	static Message noop(String queue, long i) {
		return Message.create(queue, "noop", List.of(i), Map.of(), Map.of());
	}

	/**
	 * Send {@code count} no-op messages from {@link #PRODUCERS} threads, one
	 * {@code enqueue} call each.
	 */
	static void sendAll(Broker broker, String queue, int count) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(PRODUCERS);
		try {
			AtomicLong next = new AtomicLong();
			List<Future<?>> results = new ArrayList<>();
			for (int p = 0; p < PRODUCERS; p++) {
				results.add(executor.submit(() -> {
					long i;
					while ((i = next.getAndIncrement()) < count) {
						broker.enqueue(noop(queue, i));
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
	 * Time a worker with {@code threads} threads running the {@link #MESSAGES} queued
	 * messages (or for at most the time limit), from its start to the last run.
	 */
	private static Drain drain(BenchTarget target, int threads) throws Exception {
		return drain(target, threads, MESSAGES);
	}

	private static Drain drain(BenchTarget target, int threads, int messages) throws Exception {
		Broker broker = target.broker();
		CountDownLatch done = new CountDownLatch(messages);
		remaining.set(done);
		Worker worker = new Worker(broker, WorkerOptions.defaults().withThreads(threads));
		ProcessStats.Reading before = target.stats().read();
		long start = System.nanoTime();
		worker.start();
		try {
			if (!done.await(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
				logger.warn("Drain with {} threads did not finish within {} s: {} messages left.", threads,
						TIME_LIMIT_SECONDS, done.getCount());
			}
			long ran = messages - done.getCount();
			double rate = ran / seconds(System.nanoTime() - start);
			return new Drain(rate, target.stats().read().perMessage(before, ran));
		}
		finally {
			worker.stop(Duration.ofSeconds(10));
			broker.flush(QUEUE);
		}
	}

	/**
	 * Send and drain batches of 5,000 messages, one enqueue call each, for
	 * {@link #WARM_UP_SECONDS}: connections, channels and the JIT's compilations of both
	 * paths, so that what is timed afterwards is a warm process.
	 */
	private static void warmUp(BenchTarget target) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WARM_UP_SECONDS);
		int rounds = 0;
		do {
			sendAll(target.broker(), QUEUE, 5_000);
			drain(target, 8, 5_000);
			rounds++;
		}
		while (System.nanoTime() < deadline);
		System.out.printf("warm-up: %,d messages sent and run in %d s%n", rounds * 5_000, WARM_UP_SECONDS);
	}

	static double seconds(long nanos) {
		return nanos / 1e9;
	}

	static <B extends Broker> B withMiddleware(B broker) {
		DefaultMiddleware.create().forEach(broker::addMiddleware);
		return broker;
	}

	/**
	 * An enqueue figure, with the plain client's on the same workload (0 without one).
	 */
	record Figure(String key, String description, double rate, double plainRate) {

		Map<String, Object> json() {
			return (this.plainRate > 0) ? Map.of("rate", this.rate, "plainRate", this.plainRate)
					: Map.of("rate", this.rate);
		}

		void print(String label) {
			String percent = (this.plainRate > 0) ? String.format("   %5.1f%% of the plain client (%,.0f msg/s)",
					100 * this.rate / this.plainRate, this.plainRate) : "";
			System.out.printf("%-56s %,10.0f msg/s%s%n", label, this.rate, percent);
		}

	}

	private record Drain(double rate, ProcessStats.Cost cost) {

		Map<String, Object> json() {
			return Map.of("rate", this.rate, "cost", this.cost);
		}

	}

}
