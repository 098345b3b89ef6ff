package io.dramatiq.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The fault suite of {@code docs/reliability.md}: each scenario of {@link FaultScenario},
 * {@code --runs} times, on the single-node brokers of {@code scripts/fault-brokers.sh}
 * (start them first) or, with {@code --broker redis-cluster} and {@code master-kill}, on
 * the local Redis Cluster of {@code scripts/redis-cluster.sh}, then a Markdown table of
 * sent, run at least once, lost, run twice or more and the time to recover (min / median
 * / max). Run it from the repository root:
 *
 * <pre>
 * java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.dramatiq.benchmarks.FaultSuite \
 *     --broker rabbitmq|redis|redis-cluster \
 *     --scenario kill-worker|close-connections|restart-broker|malformed|master-kill|all \
 *     [--runs 3] [--messages 1000] [--deadline 120] [--work-ms 20]
 * </pre>
 *
 * Runs are counted in the Redis on 127.0.0.1:6379, under keys of their own that are
 * removed afterwards. {@code -DheartbeatTimeout} sets the Redis workers' heartbeat
 * timeout (5,000 ms).
 */
public final class FaultSuite {

	private FaultSuite() {
	}

	/**
	 * Run the suite.
	 * @param args see the class description
	 * @throws Exception when a broker cannot be reached
	 */
	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
			.setLevel(ch.qos.logback.classic.Level.WARN);
		Map<String, String> options = options(args);
		String broker = options.getOrDefault("broker", "rabbitmq");
		String scenarioKey = options.getOrDefault("scenario", "all");
		int runs = Integer.parseInt(options.getOrDefault("runs", "3"));
		int messages = Integer.parseInt(options.getOrDefault("messages", "1000"));
		int deadline = Integer.parseInt(options.getOrDefault("deadline", "120"));
		long workMillis = Long.parseLong(options.getOrDefault("work-ms", "20"));
		List<FaultScenario> scenarios = "all".equals(scenarioKey) ? all(broker)
				: List.of(FaultScenario.of(scenarioKey));
		Path logs = Path.of(System.getProperty("java.io.tmpdir"), "dramatiq-fault-logs");
		Map<FaultScenario, List<FaultResult>> results = new LinkedHashMap<>();
		RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> records = connection.sync();
			for (FaultScenario scenario : scenarios) {
				for (int run = 1; run <= runs; run++) {
					FaultResult result = scenario.run(broker, messages, deadline, workMillis, records, logs);
					System.out.println(broker + " " + scenario.key + " run " + run + ": " + result);
					results.computeIfAbsent(scenario, (key) -> new ArrayList<>()).add(result);
				}
			}
		}
		finally {
			client.shutdown();
		}
		System.out.println();
		System.out.println("Worker logs: " + logs);
		System.out.println();
		System.out.println(table(broker, results));
	}

	private static List<FaultScenario> all(String broker) {
		if ("redis-cluster".equals(broker)) {
			return List.of(FaultScenario.MASTER_KILL);
		}
		return Arrays.stream(FaultScenario.values())
			.filter((scenario) -> scenario != FaultScenario.MASTER_KILL)
			.toList();
	}

	static String table(String broker, Map<FaultScenario, List<FaultResult>> results) {
		StringBuilder table = new StringBuilder();
		table.append("| broker | scenario | runs | sent | ran ≥ 1 | lost | ran ≥ 2 | recover min / median / max |\n");
		table.append("|---|---|---|---|---|---|---|---|\n");
		results.forEach((scenario, list) -> table.append("| ")
			.append(broker)
			.append(" | ")
			.append(scenario.key)
			.append(" | ")
			.append(list.size())
			.append(" | ")
			.append(each(list, FaultResult::sent))
			.append(" | ")
			.append(each(list, FaultResult::ran))
			.append(" | ")
			.append(each(list, FaultResult::lost))
			.append(" | ")
			.append(each(list, FaultResult::ranTwice))
			.append(" | ")
			.append(recover(list))
			.append(" |\n"));
		return table.toString();
	}

	private static String each(List<FaultResult> list, java.util.function.ToIntFunction<FaultResult> value) {
		return String.join(" / ", list.stream().map((result) -> String.valueOf(value.applyAsInt(result))).toList());
	}

	private static String recover(List<FaultResult> list) {
		long[] times = list.stream()
			.map(FaultResult::recoverMillis)
			.filter(Objects::nonNull)
			.mapToLong(Long::longValue)
			.sorted()
			.toArray();
		String figure = (times.length == 0) ? "–" : String.format("%.1f / %.1f / %.1f s", times[0] / 1000.0,
				times[times.length / 2] / 1000.0, times[times.length - 1] / 1000.0);
		long missed = list.size() - times.length;
		return (missed > 0) ? figure + " (" + missed + " of " + list.size() + " not within the deadline)" : figure;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException(
						"Expected an option, got " + args[i] + " in " + Arrays.toString(args));
			}
			options.put(args[i].substring(2), args[i + 1]);
		}
		return options;
	}

}
