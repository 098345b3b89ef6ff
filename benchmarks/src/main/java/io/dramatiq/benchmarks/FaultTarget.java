package io.dramatiq.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.dramatiq.broker.Broker;

/**
 * The broker a {@link FaultSuite} run works on, and the faults it can suffer: one of the
 * single-node instances of {@code scripts/fault-brokers.sh} (RabbitMQ on 5690, Redis on
 * 6390), never the shared brokers on 5672 and 6379.
 */
interface FaultTarget extends AutoCloseable {

	/**
	 * The broker the suite sends its good messages with.
	 * @return the broker
	 */
	Broker broker();

	/**
	 * The arguments of {@link FaultWorker} after the broker kind, host and port.
	 * @return the first three arguments
	 */
	List<String> workerArguments();

	/** Have the server close every client connection. */
	void closeConnections() throws Exception;

	/** Stop the broker cleanly and start it again. */
	void restart() throws Exception;

	/**
	 * {@code kill -9} the Redis Cluster master that owns the broker's keys.
	 */
	default void killMaster() throws Exception {
		throw new UnsupportedOperationException("master-kill needs --broker redis-cluster");
	}

	/**
	 * Put a body on a queue with the plain client, as another program would.
	 * @param queue the queue
	 * @param body the raw body
	 */
	void publishRaw(String queue, byte[] body) throws Exception;

	/**
	 * How many messages sit in the queue's dead-letter queue.
	 * @param queue the canonical queue name
	 * @return the count
	 */
	long deadLettered(String queue) throws Exception;

	/**
	 * What still waits for a worker outside the queue itself, such as the ids in Redis
	 * ack sets.
	 * @param queue the canonical queue name
	 * @return a note for the report, empty when there is nothing to say
	 */
	default String stranded(String queue) throws Exception {
		return "";
	}

	/**
	 * Remove what a run left on the broker.
	 * @param queue the canonical queue name
	 */
	void cleanUp(String queue) throws Exception;

	/**
	 * Create the target of a broker kind.
	 * @param kind {@code rabbitmq}, {@code redis} or {@code redis-cluster}
	 * @param namespace a Redis namespace of this run's own
	 * @return the target
	 */
	static FaultTarget of(String kind, String namespace) throws Exception {
		return switch (kind) {
			case "rabbitmq" -> new RabbitmqFaultTarget();
			case "redis-cluster" -> new RedisClusterFaultTarget(namespace);
			default -> new RedisFaultTarget(namespace);
		};
	}

	/**
	 * Run a command of the machine and fail when it does not end well within two minutes.
	 * @param command the command and its arguments
	 */
	static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException(
					String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8).strip());
		}
	}

	/**
	 * The command that runs {@code scripts/fault-brokers.sh} from the repository root.
	 * @param action the script's argument
	 * @return the command
	 */
	static String[] script(String action) {
		List<String> command = new ArrayList<>(List.of("bash", "scripts/fault-brokers.sh", action));
		return command.toArray(new String[0]);
	}

}
