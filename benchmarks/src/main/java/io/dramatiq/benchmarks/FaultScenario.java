package io.dramatiq.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * One fault of the {@link FaultSuite}, run once: {@code count} messages to the actor
 * {@code record} on a fresh queue, two {@link FaultWorker} processes consuming them, the
 * fault injected once a third of them ran, then the runs counted.
 */
enum FaultScenario {

	/** {@code kill -9} of one of the two worker processes. */
	KILL_WORKER("kill-worker"),

	/** The server closes every client connection. */
	CLOSE_CONNECTIONS("close-connections"),

	/** The broker is stopped cleanly and started again. */
	RESTART_BROKER("restart-broker"),

	/** Bad bodies published with the plain client between good messages. */
	MALFORMED("malformed"),

	/**
	 * {@code kill -9} of the Redis Cluster master that owns the namespace's slot (only
	 * with {@code --broker redis-cluster}).
	 */
	MASTER_KILL("master-kill");

	/** The size of the oversized bodies: 8 MiB. */
	static final int OVERSIZED = 8 * 1024 * 1024;

	final String key;

	FaultScenario(String key) {
		this.key = key;
	}

	static FaultScenario of(String key) {
		return Arrays.stream(values())
			.filter((scenario) -> scenario.key.equals(key))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown scenario " + key));
	}

	/**
	 * Run the scenario once.
	 * @param kind {@code rabbitmq}, {@code redis} or {@code redis-cluster}
	 * @param count how many good messages
	 * @param deadlineSeconds how long to wait, from the fault, for every message to run
	 * @param workMillis how long each run works
	 * @param records the Redis (6379) where the workers count their runs
	 * @param logs where the workers' output goes
	 * @return what was measured
	 */
	FaultResult run(String kind, int count, int deadlineSeconds, long workMillis, RedisCommands<String, String> records,
			Path logs) throws Exception {
		String id = UUID.randomUUID().toString().substring(0, 8);
		String queue = "fault_" + this.key.replace('-', '_') + "_" + id;
		// on a cluster, a hash tag puts every key of the broker in one slot
		String namespace = "redis-cluster".equals(kind) ? "{dramatiq-fault-" + id + "}" : "dramatiq-fault-" + id;
		String recordKey = "dramatiq-fault-" + id + ":runs";
		try (FaultTarget target = FaultTarget.of(kind, namespace)) {
			target.broker().declareQueue(queue);
			List<String> arguments = new ArrayList<>(target.workerArguments());
			arguments.addAll(List.of(queue, namespace, recordKey,
					String.valueOf(RedisFaultTarget.HEARTBEAT_TIMEOUT_MILLIS), String.valueOf(workMillis)));
			List<FaultWorkerProcess> workers = new ArrayList<>();
			try {
				if (this == MALFORMED) {
					return malformed(target, queue, count, deadlineSeconds, records, recordKey, arguments, workers,
							logs.resolve(id));
				}
				for (int i = 0; i < count; i++) {
					target.broker().enqueue(record(queue, i));
				}
				for (int w = 0; w < 2; w++) {
					workers.add(new FaultWorkerProcess(arguments, logs.resolve(id).resolve("worker-" + w + ".log")));
				}
				for (FaultWorkerProcess worker : workers) {
					worker.awaitReady();
				}
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
				while (records.hlen(recordKey) < count / 3 && System.nanoTime() < deadline) {
					TimeUnit.MILLISECONDS.sleep(5);
				}
				long faultAt = System.nanoTime();
				switch (this) {
					case KILL_WORKER -> workers.get(0).kill();
					case CLOSE_CONNECTIONS -> target.closeConnections();
					case RESTART_BROKER -> target.restart();
					case MASTER_KILL -> target.killMaster();
					default -> throw new IllegalStateException();
				}
				Long recoverMillis = awaitRuns(records, recordKey, count, faultAt, deadlineSeconds);
				return FaultResult.of(count, counts(records, recordKey, count), recoverMillis, target.stranded(queue));
			}
			finally {
				for (FaultWorkerProcess worker : workers) {
					worker.close();
				}
				target.cleanUp(queue);
				records.del(recordKey);
			}
		}
	}

	private FaultResult malformed(FaultTarget target, String queue, int count, int deadlineSeconds,
			RedisCommands<String, String> records, String recordKey, List<String> arguments,
			List<FaultWorkerProcess> workers, Path logs) throws Exception {
		for (int w = 0; w < 2; w++) {
			workers.add(new FaultWorkerProcess(arguments, logs.resolve("worker-" + w + ".log")));
		}
		for (FaultWorkerProcess worker : workers) {
			worker.awaitReady();
		}
		List<byte[]> bad = badBodies(queue);
		int every = Math.max(1, count / (bad.size() + 1));
		int published = 0;
		long start = System.nanoTime();
		for (int i = 0; i < count; i++) {
			if (i > 0 && i % every == 0 && published < bad.size()) {
				target.publishRaw(queue, bad.get(published++));
			}
			target.broker().enqueue(record(queue, i));
			if (i == count / 2) {
				// a good message with an 8 MiB argument: large, but nothing wrong with it
				target.broker()
					.enqueue(Message.create(queue, FaultWorker.ACTOR, List.of(count, "x".repeat(OVERSIZED)), Map.of(),
							Map.of()));
			}
		}
		while (published < bad.size()) {
			target.publishRaw(queue, bad.get(published++));
		}
		// one more good message after the last bad one: the consumer must still be there
		target.broker().enqueue(record(queue, count + 1));
		Long recoverMillis = awaitRuns(records, recordKey, count + 2, start, deadlineSeconds);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		long deadLettered;
		while ((deadLettered = target.deadLettered(queue)) < bad.size() && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(50);
		}
		long alive = workers.stream().filter(FaultWorkerProcess::isAlive).count();
		long errors = workers.stream().mapToLong(FaultWorkerProcess::errors).sum();
		return FaultResult.of(count + 2, counts(records, recordKey, count + 2), recoverMillis,
				"bad " + bad.size() + ", dead-lettered " + deadLettered + ", ERROR log lines " + errors
						+ ", workers alive " + alive + "/2");
	}

	/**
	 * The bad bodies, in order: not JSON, empty, truncated JSON, a JSON array, an
	 * envelope without its message id and arguments, arguments that are a number (Python
	 * iterates a string, not a number), an actor no worker declares, and 8 MiB that are
	 * not JSON.
	 */
	static List<byte[]> badBodies(String queue) {
		JsonMessageEncoder encoder = new JsonMessageEncoder();
		String good = new String(encoder.encode(record(queue, -1)), StandardCharsets.UTF_8);
		Map<String, Object> unknown = new LinkedHashMap<>();
		return List.of(bytes("this is not JSON"), new byte[0], bytes(good.substring(0, good.length() / 2)),
				bytes("[1, 2, 3]"), bytes("{\"queue_name\":\"" + queue + "\",\"actor_name\":\"record\"}"),
				bytes(good.replace("\"args\":[-1]", "\"args\":42")),
				encoder.encode(Message.create(queue, "no_such_actor", List.of(-2), unknown, Map.of())),
				"y".repeat(OVERSIZED).getBytes(StandardCharsets.UTF_8));
	}

	static Message record(String queue, int i) {
		return Message.create(queue, FaultWorker.ACTOR, List.of(i), Map.of(), Map.of());
	}

	/**
	 * Wait until {@code count} distinct messages ran or the deadline passed.
	 * @return milliseconds from {@code from} to the last new run, or {@code null} when
	 * not all of them ran in time
	 */
	private static Long awaitRuns(RedisCommands<String, String> records, String recordKey, int count, long from,
			int deadlineSeconds) throws InterruptedException {
		long deadline = from + TimeUnit.SECONDS.toNanos(deadlineSeconds);
		long ran;
		while ((ran = records.hlen(recordKey)) < count && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(10);
		}
		Long recover = (ran >= count) ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from) : null;
		// late duplicates: redeliveries of messages that already ran
		TimeUnit.SECONDS.sleep(2);
		return recover;
	}

	private static Map<String, String> counts(RedisCommands<String, String> records, String recordKey, int count) {
		return records.hgetall(recordKey);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
