package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code rabbitmqctl} for what plain AMQP cannot tell: a queue's exact arguments, a
 * consumer's prefetch, and closing connections from the server side. Only ever touches
 * the objects of the calling test, since other tests may share the server.
 */
final class Rabbitmqctl {

	// how list_connections prints the name a client gave its connection
	private static final Pattern CONNECTION_NAME = Pattern.compile("\\{\"connection_name\",\"([^\"]*)\"\\}");

	private static final JsonMapper json = JsonMapper.builder().build();

	private Rabbitmqctl() {
	}

	/**
	 * Return {@code list_queues} rows (name, durable, auto_delete, exclusive, arguments)
	 * of the queues whose name starts with a prefix.
	 */
	static List<Map<String, Object>> queues(String namePrefix) {
		return rows(run("list_queues", "-q", "--formatter", "json", "name", "durable", "auto_delete", "exclusive",
				"arguments"), (row) -> String.valueOf(row.get("name")).startsWith(namePrefix));
	}

	/**
	 * Return {@code list_queues} rows (name, type, durable, exclusive, arguments) of the
	 * queues whose name starts with a prefix.
	 */
	static List<Map<String, Object>> queueTypes(String namePrefix) {
		return rows(
				run("list_queues", "-q", "--formatter", "json", "name", "type", "durable", "exclusive", "arguments"),
				(row) -> String.valueOf(row.get("name")).startsWith(namePrefix));
	}

	/**
	 * Return {@code list_consumers} rows (queue_name, prefetch_count) of one queue.
	 */
	static List<Map<String, Object>> consumers(String queueName) {
		return rows(run("list_consumers", "-q", "--formatter", "json", "queue_name", "prefetch_count"),
				(row) -> queueName.equals(row.get("queue_name")));
	}

	/**
	 * Close, from the server, every connection whose client-provided name satisfies a
	 * condition, as a broker restart or a network failure would.
	 * @return the names of the connections closed
	 */
	static List<String> closeConnections(Predicate<String> connectionName) {
		List<String> closed = new ArrayList<>();
		for (String line : run("list_connections", "-q", "--no-table-headers", "pid", "client_properties")
			.split("\n")) {
			Matcher name = CONNECTION_NAME.matcher(line);
			if (name.find() && connectionName.test(name.group(1))) {
				run("close_connection", line.substring(0, line.indexOf('\t')).trim(),
						"closed by a dramatiq fault-tolerance test");
				closed.add(name.group(1));
			}
		}
		return closed;
	}

	private static List<Map<String, Object>> rows(String output, Predicate<Map<String, Object>> filter) {
		List<Map<String, Object>> rows = json.readValue(output, new TypeReference<List<Map<String, Object>>>() {
		});
		List<Map<String, Object>> selected = new ArrayList<>();
		for (Map<String, Object> row : rows) {
			if (filter.test(row)) {
				selected.add(row);
			}
		}
		return selected;
	}

	static String run(String... arguments) {
		List<String> command = new ArrayList<>();
		command.add("rabbitmqctl");
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(
						command + " failed: " + new String(output, StandardCharsets.UTF_8).trim());
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command + "; is rabbitmqctl on the PATH?", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

}
