package io.dramatiq.spring.boot.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dramatiq.broker.BrokerAvailability;

/**
 * The local 3-node RabbitMQ cluster of {@code scripts/rabbitmq-cluster.sh}: nodes
 * {@code dramatiq-c1..c3@localhost} on 127.0.0.1:5681 to 5683. Runs {@code rabbitmqctl}
 * through the script, which knows the cluster's Erlang cookie.
 */
final class RabbitmqCluster {

	static final String HOST = "127.0.0.1";

	/** The AMQP port of node 1; nodes 2 and 3 follow. */
	static final int BASE_PORT = Integer.getInteger("rabbitmq.cluster.base-port", 5681);

	/** Every node, as {@code spring.rabbitmq.addresses} takes them. */
	static final String ADDRESSES = HOST + ":" + port(1) + "," + HOST + ":" + port(2) + "," + HOST + ":" + port(3);

	private static final String HOW_TO_START = "bash scripts/rabbitmq-cluster.sh start";

	// how list_connections prints the name a client gave its connection
	private static final Pattern CONNECTION_NAME = Pattern.compile("\\{\"connection_name\",\"([^\"]*)\"\\}");

	private RabbitmqCluster() {
	}

	static int port(int node) {
		return BASE_PORT + node - 1;
	}

	/**
	 * Skip the calling test (or fail it in CI) unless every node answers.
	 */
	static void assumeRunning() {
		for (int node = 1; node <= 3; node++) {
			BrokerAvailability.assumeReachable(HOST, port(node),
					"The RabbitMQ test cluster (node dramatiq-c" + node + "@localhost)", HOW_TO_START);
		}
	}

	/**
	 * Stop the RabbitMQ application of a node, closing its client connections; its Erlang
	 * node stays up, as {@code rabbitmqctl stop_app} does.
	 */
	static void stopApp(int node) {
		ctl(node, "stop_app");
	}

	/**
	 * Start the RabbitMQ application of a node again and wait until it serves.
	 */
	static void startApp(int node) {
		ctl(node, "start_app");
		ctl(node, "await_startup");
	}

	/**
	 * Return the AMQP ports (that is, the nodes) of the connections named so, as a node
	 * that runs sees the cluster's connections.
	 * @param askedNode the node to ask
	 * @param connectionName the client-provided connection name
	 * @return the ports, one per connection
	 */
	static List<Integer> connectionPorts(int askedNode, String connectionName) {
		List<Integer> ports = new ArrayList<>();
		for (String line : ctl(askedNode, "list_connections", "-q", "--no-table-headers", "port", "client_properties")
			.split("\n")) {
			Matcher name = CONNECTION_NAME.matcher(line);
			if (name.find() && connectionName.equals(name.group(1))) {
				ports.add(Integer.valueOf(line.substring(0, line.indexOf('\t')).trim()));
			}
		}
		return ports;
	}

	static String ctl(int node, String... arguments) {
		List<String> command = new ArrayList<>(List.of("bash", script().toString(), "ctl", String.valueOf(node)));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(
						command + " failed: " + new String(output, StandardCharsets.UTF_8).trim());
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

	private static Path script() {
		for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path script = dir.resolve("scripts/rabbitmq-cluster.sh");
			if (Files.isRegularFile(script)) {
				return script;
			}
		}
		throw new IllegalStateException("scripts/rabbitmq-cluster.sh not found above " + Path.of("").toAbsolutePath());
	}

}
