package io.dramatiq.worker;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import ch.qos.logback.classic.Level;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.ConnectionException;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.LogEvents;
import io.dramatiq.broker.OutageAssertions;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How a consumer thread restarts a consumer that cannot connect, on a stub broker whose
 * consumers fail a given number of times: the waits double up to the maximum, the outage
 * is logged once, and once more when it ends.
 */
class ConsumerRestartsTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final List<Long> attempts = new CopyOnWriteArrayList<>();

	private final List<Object> runs = new CopyOnWriteArrayList<>();

	private Worker worker;

	@AfterEach
	void stopWorker() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void aConsumerThatCannotConnectBacksOffAndLogsTheOutageOnce() {
		// Given a broker whose consumer of 'default' cannot connect five times in a row
		FailingBroker broker = new FailingBroker(5,
				() -> new ConnectionException("Could not connect to the broker at redis://user:secret@10.0.0.1:6379.",
						new ConnectException("Connection refused")));
		try (LogEvents logs = LogEvents.of("io.dramatiq")) {
			// When a worker restarts it after 20 ms, doubling up to 80 ms
			start(broker, Duration.ofMillis(20), Duration.ofMillis(80));
			await().atMost(WAIT)
				.until(() -> logs.lines().stream().anyMatch((line) -> line.contains("connected again")));
			broker.enqueue(Message.create("default", "work", List.of(1), Map.of(), Map.of()));
			await().atMost(WAIT).until(() -> this.runs.size() == 1);
			// I expect one warning naming the broker and the cause, without credentials
			// or stack trace, one line when it connected, and waits of 20, 40, 80, 80, 80
			// ms between the six attempts
			OutageAssertions.assertLoggedOncePerConsumer(logs.events(), List.of("default"), "10.0.0.1:6379");
			assertThat(logs.lines()).filteredOn((line) -> line.startsWith("WARN"))
				.singleElement()
				.asString()
				.contains("lost its connection: Could not connect to the broker at redis://10.0.0.1:6379"
						+ " (ConnectException: Connection refused). Reconnecting in 20 ms, then backing off up to 80 ms")
				.doesNotContain("secret");
			assertThat(logs.lines()).filteredOn((line) -> line.startsWith("INFO") && line.contains("'default'"))
				.singleElement()
				.asString()
				.startsWith("INFO io.dramatiq.worker.ConsumerRestarts - Consumer of queue 'default' is connected"
						+ " again, after 5 attempts over ");
			assertThat(this.attempts).hasSize(6);
			OutageAssertions.assertBackoff(this.attempts, 20, 80);
		}
	}

	@Test
	void aConsumerThatFailsOtherwiseIsLoggedAsAnErrorEachTimeAndBacksOffToo() {
		// Given a broker whose consumer of 'default' fails twice for another reason
		FailingBroker broker = new FailingBroker(2, () -> new BrokerException("The broker refused the queue."));
		try (LogEvents logs = LogEvents.of("io.dramatiq")) {
			// When a worker restarts it
			start(broker, Duration.ofMillis(20), Duration.ofMillis(80));
			await().atMost(WAIT)
				.until(() -> logs.lines().stream().anyMatch((line) -> line.contains("consuming again")));
			// I expect each failure as an error with its stack trace, then one line
			assertThat(logs.events((event) -> event.getLevel() == Level.ERROR)).hasSize(2)
				.allMatch((event) -> event.getThrowableProxy() != null);
			assertThat(logs.lines()).contains("ERROR io.dramatiq.worker.ConsumerRestarts - Consumer of queue 'default'"
					+ " failed; restarting in 40 ms. [io.dramatiq.broker.BrokerException: The broker refused the queue.]")
				.anyMatch((line) -> line.startsWith("INFO io.dramatiq.worker.ConsumerRestarts - Consumer of queue"
						+ " 'default' is consuming again, after 2 failures over "));
		}
	}

	@Test
	void describeAddsTheRootCauseAndRemovesCredentials() {
		assertThat(ConsumerRestarts
			.describe(new ConnectionException("Redis command 'ping' to h:1 failed: Unable to" + " connect to Redis",
					new IllegalStateException("x", new ConnectException("Connection refused")))))
			.isEqualTo("Redis command 'ping' to h:1 failed: Unable to connect to Redis (ConnectException: Connection"
					+ " refused).");
		assertThat(ConsumerRestarts.describe(new ConnectionException("Lost amqp://u:secret@h:5672.")))
			.isEqualTo("Lost amqp://h:5672.");
	}

	private void start(FailingBroker broker, Duration restartDelay, Duration maxRestartDelay) {
		broker.declareActor(new ActorDefinition("work", "default", 0, Map.of(), (args, kwargs) -> this.runs.add(args)));
		this.worker = new Worker(broker,
				WorkerOptions.defaults()
					.withWorkerTimeout(Duration.ofMillis(50))
					.withRestartDelay(restartDelay)
					.withMaxRestartDelay(maxRestartDelay));
		this.worker.start();
	}

	/**
	 * A stub broker whose consumer of {@code default} fails a given number of times
	 * before it opens.
	 */
	private final class FailingBroker extends StubBroker {

		private final int failures;

		private final Supplier<RuntimeException> failure;

		FailingBroker(int failures, Supplier<RuntimeException> failure) {
			this.failures = failures;
			this.failure = failure;
		}

		@Override
		public Consumer consume(String queueName, int prefetch, Duration timeout) {
			if (queueName.equals("default")) {
				ConsumerRestartsTests.this.attempts.add(System.nanoTime());
				if (ConsumerRestartsTests.this.attempts.size() <= this.failures) {
					throw this.failure.get();
				}
			}
			return super.consume(queueName, prefetch, timeout);
		}

	}

}
