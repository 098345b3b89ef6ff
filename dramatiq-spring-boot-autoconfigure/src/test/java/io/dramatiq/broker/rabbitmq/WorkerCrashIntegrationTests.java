package io.dramatiq.broker.rabbitmq;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reduced, CI version of the fault suite's {@code kill-worker} scenario
 * ({@code docs/reliability.md}): two worker JVMs ({@link CrashingWorker}) share a queue
 * of 200 messages, one is killed with {@code SIGKILL} in the middle, and every message
 * must still run at least once (a message the dead process had taken and not acknowledged
 * comes back when its connection drops; running it twice is allowed).
 */
class WorkerCrashIntegrationTests {

	private static final int MESSAGES = 200;

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private static final Duration RECOVERY = Duration.ofSeconds(30);

	private final Map<Integer, Integer> runs = new ConcurrentHashMap<>();

	private final List<String> output = new CopyOnWriteArrayList<>();

	private final List<Process> workers = new ArrayList<>();

	private RabbitmqAdmin admin;

	private String queue;

	private CachingConnectionFactory connectionFactory;

	private RabbitmqBroker broker;

	@BeforeEach
	void createBroker() {
		this.admin = RabbitmqAdmin.get();
		this.queue = RabbitmqAdmin.uniqueQueue();
		this.connectionFactory = RabbitmqAdmin.connectionFactory("dramatiq-crash-test-producer");
		this.broker = new RabbitmqBroker(this.connectionFactory, new JsonMessageEncoder());
		this.broker.declareQueue(this.queue);
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (Process worker : this.workers) {
			worker.getOutputStream().close();
		}
		for (Process worker : this.workers) {
			if (!worker.waitFor(15, TimeUnit.SECONDS)) {
				worker.destroyForcibly();
				worker.waitFor(10, TimeUnit.SECONDS);
			}
		}
		if (this.broker != null) {
			this.broker.close();
			this.connectionFactory.destroy();
			this.admin.deleteQueues(this.queue);
		}
	}

	@Test
	void everyMessageRunsAtLeastOnceWhenAWorkerJvmIsKilledMidRun() throws Exception {
		// Given two worker processes on one queue
		Process doomed = start();
		Process survivor = start();
		awaitOutput(() -> count("ready") == 2, STARTUP, "both workers to start");
		// and 200 messages sent to them
		for (int i = 0; i < MESSAGES; i++) {
			this.broker.enqueue(Message.create(this.queue, "record", List.of(i), Map.of(), Map.of()));
		}
		// When one of them is killed with SIGKILL while messages are running
		awaitOutput(() -> this.runs.size() >= MESSAGES / 3, RECOVERY, "a third of the messages to run");
		doomed.destroyForcibly();
		assertThat(doomed.waitFor(10, TimeUnit.SECONDS)).isTrue();
		// I expect every message to run at least once, on the survivor
		awaitOutput(() -> this.runs.size() == MESSAGES, RECOVERY, "every message to run");
		assertThat(survivor.isAlive()).isTrue();
		assertThat(this.runs.keySet())
			.containsExactlyInAnyOrderElementsOf(IntStream.range(0, MESSAGES).boxed().collect(Collectors.toSet()));
	}

	private void awaitOutput(java.util.concurrent.Callable<Boolean> condition, Duration timeout, String what) {
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			Set<Integer> missing = IntStream.range(0, MESSAGES)
				.filter((i) -> !this.runs.containsKey(i))
				.boxed()
				.collect(Collectors.toSet());
			throw new AssertionError("Timed out waiting for " + what + "; " + this.runs.size() + " of " + MESSAGES
					+ " ran, missing " + missing + "; the workers printed:\n" + String.join("\n", this.output), ex);
		}
	}

	private long count(String line) {
		return this.output.stream().filter(line::equals).count();
	}

	private Process start() throws IOException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		List<String> command = List.of(java, "-Xmx256m", "-Drabbitmq.host=" + RabbitmqAdmin.HOST,
				"-Drabbitmq.port=" + RabbitmqAdmin.PORT, "-cp", System.getProperty("java.class.path"),
				CrashingWorker.class.getName(), this.queue);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.workers.add(process);
		Thread reader = new Thread(() -> read(process), "crashing-worker-" + process.pid());
		reader.setDaemon(true);
		reader.start();
		return process;
	}

	private void read(Process process) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.startsWith("ran ")) {
					this.runs.merge(Integer.parseInt(line.substring(4)), 1, Integer::sum);
				}
				else {
					this.output.add(line);
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

}
