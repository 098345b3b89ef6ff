package io.dramatiq.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.ratelimit.RateLimitExceededException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's own rules on the stub broker (spec §6, C44 to C49).
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkerTests {

	private final StubBroker broker = new StubBroker();

	private final List<String> runs = new CopyOnWriteArrayList<>();

	private Worker worker;

	@AfterEach
	void stopWorker() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(5));
		}
	}

	private void declare(String actorName, String queueName) {
		this.broker.declareActor(new ActorDefinition(actorName, queueName, 0, Map.of(), (args, kwargs) -> {
			this.runs.add(actorName + args + " id=" + MDC.get("dramatiq_message_id"));
			return null;
		}));
	}

	private Worker start(WorkerOptions options) {
		this.worker = new Worker(this.broker, options.withWorkerTimeout(Duration.ofMillis(100)));
		this.worker.start();
		return this.worker;
	}

	@Test
	void defaultsAreThoseOfPythonDramatiq() {
		WorkerOptions options = new WorkerOptions(8, Duration.ofMillis(1000), 0, 0, Set.of(), Duration.ofMillis(600000),
				Duration.ofMillis(3000));
		assertThat(WorkerOptions.defaults()).isEqualTo(options);
		assertThat(options.effectiveQueuePrefetch()).isEqualTo(16);
		assertThat(options.effectiveDelayQueuePrefetch()).isEqualTo(8000);
		assertThat(options.withThreads(100).effectiveDelayQueuePrefetch()).isEqualTo(65535);
		assertThat(options.withQueuePrefetch(3).effectiveQueuePrefetch()).isEqualTo(3);
	}

	@Test
	void messageWithAFutureEtaOnTheCanonicalQueueIsHeldAndReenqueuedWithoutEta() {
		// Given a message that carries an eta but sits on the canonical queue
		declare("later", "default");
		long eta = System.currentTimeMillis() + 400;
		Message message = Message.create("default", "later", List.of(), Map.of(), Map.of("eta", eta, "x_custom", 1));
		this.broker.enqueue(message);
		start(WorkerOptions.defaults().withThreads(1));
		// I expect it to run once, no earlier than its eta
		this.broker.join("default", Duration.ofSeconds(10));
		this.worker.join();
		assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(eta);
		assertThat(this.runs).containsExactly("later[] id=" + message.messageId());
	}

	@Test
	void nullEtaMeansNoEtaAndANonNumericEtaMeansNow() {
		declare("soon", "default");
		Map<String, Object> nullEta = new java.util.HashMap<>();
		nullEta.put("eta", null);
		this.broker.enqueue(Message.create("default", "soon", List.of(1), Map.of(), nullEta));
		this.broker.enqueue(Message.create("default", "soon", List.of(2), Map.of(), Map.of("eta", "soon")));
		start(WorkerOptions.defaults().withThreads(1));
		this.broker.join("default", Duration.ofSeconds(5));
		this.worker.join();
		assertThat(this.runs).hasSize(2);
	}

	@Test
	void failingActorWithoutRetriesMiddlewareIsAckedNotDeadLettered() {
		this.broker.declareActor(new ActorDefinition("boom", "default", 0, Map.of(), (args, kwargs) -> {
			throw new IllegalStateException("boom");
		}));
		start(WorkerOptions.defaults().withThreads(1));
		this.broker.enqueue(Message.create("default", "boom", List.of(), Map.of(), Map.of()));
		this.broker.join("default", Duration.ofSeconds(5));
		assertThat(this.broker.deadLetters()).isEmpty();
	}

	@Test
	void queueWhitelistConsumesOnlyTheListedQueuesAndTheirDelayQueues() {
		declare("a", "default");
		declare("b", "other");
		start(WorkerOptions.defaults().withThreads(1).withQueues(Set.of("default")));
		assertThat(this.worker.consumedQueues()).containsExactly("default");
		this.broker.enqueue(Message.create("default", "a", List.of(), Map.of(), Map.of()), Duration.ofMillis(10));
		this.broker.enqueue(Message.create("other", "b", List.of(), Map.of(), Map.of()));
		this.broker.join("default", Duration.ofSeconds(5));
		this.worker.join();
		assertThat(this.runs).singleElement().asString().startsWith("a[]");
		assertThat(this.broker.queueCounts("other").ready()).isEqualTo(1);
	}

	@Test
	void queueOnlyRemoteActorsUseIsNotConsumedUnlessListed() {
		// Given a local actor on 'default' and a remote actor on 'reports', whose queue
		// is declared so that messages can be published to it
		declare("a", "default");
		this.broker.actors().registerRemote("build_report", "reports");
		this.broker.declareQueue("reports");
		// When a worker starts without a whitelist
		start(WorkerOptions.defaults().withThreads(1));
		// I expect it to leave 'reports' to the service the remote actor lives in
		assertThat(this.worker.consumedQueues()).containsExactly("default");
		this.worker.stop(Duration.ofSeconds(5));
		// and to consume it when it is listed
		start(WorkerOptions.defaults().withThreads(1).withQueues(Set.of("default", "reports")));
		assertThat(this.worker.consumedQueues()).containsExactlyInAnyOrder("default", "reports");
	}

	@Test
	void queueOfALocalAndARemoteActorIsConsumed() {
		declare("a", "shared");
		this.broker.actors().registerRemote("py_actor", "shared");
		start(WorkerOptions.defaults().withThreads(1));
		assertThat(this.worker.consumedQueues()).containsExactly("shared");
	}

	@Test
	void actorRunsWithItsMessageIdInTheLoggingContext() {
		declare("traced", "default");
		start(WorkerOptions.defaults().withThreads(2));
		Message sent = this.broker.enqueue(Message.create("default", "traced", List.of("x"), Map.of(), Map.of()));
		this.broker.join("default", Duration.ofSeconds(5));
		this.worker.join();
		assertThat(this.runs).containsExactly("traced[x] id=" + sent.messageId());
	}

	@Test
	void logsReceivedArgumentsCompletionAndFailuresAsPythonDoes(CapturedOutput output) {
		declare("count_words", "default");
		this.broker.declareActor(new ActorDefinition("fetch", "default", 0, Map.of(), (args, kwargs) -> {
			throw new IllegalArgumentException("URI is not absolute");
		}));
		start(WorkerOptions.defaults().withThreads(1));
		this.broker
			.enqueue(Message.create("default", "count_words", List.of("http://example.com"), Map.of("n", 1), Map.of()));
		this.broker.enqueue(Message.create("default", "fetch", List.of("foo"), Map.of(), Map.of()));
		this.broker.join("default", Duration.ofSeconds(5));
		this.worker.join();
		assertThat(output).contains("Received args=('http://example.com',) kwargs={'n': 1}.")
			.containsPattern("Completed after \\d+\\.\\d\\dms\\.")
			.contains("Failed to process message fetch('foo') with unhandled exception.")
			.contains("java.lang.IllegalArgumentException: URI is not absolute");
	}

	@Test
	void deniedRateLimitIsADebugLineNotAnError(CapturedOutput output) {
		this.broker.declareActor(new ActorDefinition("limited", "default", 0, Map.of(), (args, kwargs) -> {
			throw new RateLimitExceededException("api");
		}));
		start(WorkerOptions.defaults().withThreads(1));
		Logger logger = (Logger) LoggerFactory.getLogger(MessageProcessor.class);
		Level level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		try {
			this.broker.enqueue(Message.create("default", "limited", List.of(), Map.of(), Map.of()));
			this.broker.join("default", Duration.ofSeconds(5));
			this.worker.join();
		}
		finally {
			logger.setLevel(level);
		}
		assertThat(output).contains("Rate limit exceeded in message limited(): rate limit exceeded for key 'api'.")
			.doesNotContain("Failed to process message limited()")
			.doesNotContain("RateLimitExceededException: ");
	}

	@Test
	void stoppingTwiceAndStoppingAnIdleWorkerAreHarmless() {
		declare("idle", "default");
		start(WorkerOptions.defaults().withThreads(2));
		assertThat(this.worker.isRunning()).isTrue();
		this.worker.stop(Duration.ofSeconds(5));
		this.worker.stop(Duration.ofSeconds(5));
		assertThat(this.worker.isRunning()).isFalse();
	}

}
