package io.dramatiq.benchmarks;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

import ch.qos.logback.classic.Level;
import io.dramatiq.ratelimit.ConcurrentRateLimiter;
import io.dramatiq.ratelimit.Permit;
import io.dramatiq.ratelimit.RateLimiter;
import io.dramatiq.ratelimit.redis.RedisRateLimiterBackend;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Permits per second of a {@link ConcurrentRateLimiter} on Redis from 8 threads, each
 * acquiring and closing a permit in a loop, and how many Redis commands one permit costs
 * (from {@code INFO commandstats}, so run it on a Redis nothing else uses). Two cases:
 * every thread on a key of its own (limit 1, never contended), and all threads on one key
 * of limit 8 (never denied, but every permit changes the same key).
 * <p>
 * Run:
 * {@code java -Dredis.port=6392 -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.dramatiq.benchmarks.RateLimitBench [--json out.json]}.
 * System properties: {@code redis.port} (6379), {@code threads} (8), {@code seconds} (10
 * per run), {@code runs} (3), {@code warmup} (5 s).
 */
public final class RateLimitBench {

	private static final int PORT = Integer.getInteger("redis.port", 6379);

	private static final int THREADS = Integer.getInteger("threads", 8);

	private static final int SECONDS = Integer.getInteger("seconds", 10);

	private static final int RUNS = Integer.getInteger("runs", 3);

	private static final int WARM_UP_SECONDS = Integer.getInteger("warmup", 5);

	/** Commands that got their reply, counted by Lettuce. */
	private static final LongAdder ROUND_TRIPS = new LongAdder();

	private RateLimitBench() {
	}

	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		String json = (args.length == 2 && "--json".equals(args[0])) ? args[1] : null;
		Map<String, Object> results = new LinkedHashMap<>();
		results.put("threads", THREADS);
		results.put("loadAverage", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		results.put("java", Runtime.version().toString());
		System.out.printf("RateLimitBench: Redis on port %d, %d threads, %d runs of %d s, load average %.2f%n", PORT,
				THREADS, RUNS, SECONDS, results.get("loadAverage"));
		ClientResources resources = ClientResources.builder()
			.commandLatencyRecorder((local, remote, type, firstResponse, completion) -> ROUND_TRIPS.increment())
			.build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", PORT),
				LettuceClientConfiguration.builder().clientResources(resources).build());
		factory.afterPropertiesSet();
		factory.start();
		try {
			RedisRateLimiterBackend backend = new RedisRateLimiterBackend(factory);
			String prefix = "bench-ratelimit-" + UUID.randomUUID().toString().substring(0, 8);
			IntFunction<RateLimiter> ownKeys = (thread) -> new ConcurrentRateLimiter(backend, prefix + "-own-" + thread,
					1, ConcurrentRateLimiter.DEFAULT_TTL);
			RateLimiter shared = new ConcurrentRateLimiter(backend, prefix + "-shared", THREADS,
					ConcurrentRateLimiter.DEFAULT_TTL);
			IntFunction<RateLimiter> sharedKey = (thread) -> shared;
			run(ownKeys, WARM_UP_SECONDS);
			results.put("ownKey", measure("concurrent, a key per thread (limit 1)", ownKeys));
			results.put("sharedKey", measure("concurrent, one key of limit " + THREADS, sharedKey));
		}
		finally {
			factory.destroy();
			resources.shutdown();
		}
		if (json != null) {
			JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValue(new File(json), results);
			System.out.println("Wrote " + json);
		}
	}

	private static Map<String, Object> measure(String name, IntFunction<RateLimiter> limiters) throws Exception {
		double[] rates = new double[RUNS];
		double[] commands = new double[RUNS];
		for (int i = 0; i < RUNS; i++) {
			double[] run = run(limiters, SECONDS);
			rates[i] = run[0];
			commands[i] = run[1];
		}
		double[] sorted = rates.clone();
		java.util.Arrays.sort(sorted);
		System.out.printf("%-44s %,9.0f / %,9.0f / %,9.0f permits/s (min/median/max)  %.2f round trips per permit%n",
				name, sorted[0], Bench.median(rates), sorted[sorted.length - 1], Bench.median(commands));
		return Map.of("permitsPerSecond", rates, "roundTripsPerPermit", commands);
	}

	/**
	 * Acquire and close permits on {@code THREADS} threads for some seconds.
	 * @return permits per second and Redis round trips per permit
	 */
	private static double[] run(IntFunction<RateLimiter> limiters, int seconds) throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong permits = new AtomicLong();
		AtomicLong denied = new AtomicLong();
		CountDownLatch done = new CountDownLatch(THREADS);
		long commandsBefore = ROUND_TRIPS.sum();
		long start = System.nanoTime();
		for (int t = 0; t < THREADS; t++) {
			RateLimiter limiter = limiters.apply(t);
			Thread thread = new Thread(() -> {
				long mine = 0;
				while (!stop.get()) {
					try (Permit permit = limiter.tryAcquire()) {
						if (permit.isAcquired()) {
							mine++;
						}
						else {
							denied.incrementAndGet();
						}
					}
				}
				permits.addAndGet(mine);
				done.countDown();
			}, "rate-limit-bench-" + t);
			thread.start();
		}
		done.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
		stop.set(true);
		done.await();
		double elapsed = (System.nanoTime() - start) / 1e9;
		long commandsAfter = ROUND_TRIPS.sum();
		if (denied.get() > 0) {
			System.out.printf("  %,d denied%n", denied.get());
		}
		double perPermit = (commandsAfter - commandsBefore) / (double) permits.get();
		return new double[] { permits.get() / elapsed, perPermit };
	}

}
