package io.dramatiq.worker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.DecodeException;
import io.dramatiq.middleware.DefaultMiddleware;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a worker does with bodies written by other producers: whatever Python Dramatiq's
 * worker runs runs here too, with its values as given, and what Python cannot decode or
 * run is dead-lettered at once with the reason (spec 1.3).
 */
class WorkerPythonBodiesTests {

	private static final String ID = "6ff853a6-73d8-48ea-ac88-ff4e061adcc4";

	private final StubBroker broker = new StubBroker();

	private final List<String> runs = new CopyOnWriteArrayList<>();

	private Worker worker;

	WorkerPythonBodiesTests() {
		DefaultMiddleware.create().forEach(this.broker::addMiddleware);
		// an age limit, so that the worker reads every timestamp
		this.broker.declareActor(new ActorDefinition("record", "default", 0, Map.of("max_age", 3_600_000L),
				(args, kwargs) -> this.runs.add(args + " " + kwargs)));
	}

	@AfterEach
	void stopWorker() {
		this.worker.stop(Duration.ofSeconds(5));
	}

	@Test
	void bodiesPythonRunsAreRunWithTheirValuesAsGiven() {
		// Given bodies Python's decoder accepts and its worker runs
		long now = System.currentTimeMillis();
		enqueue(body("[1]", "\"" + ID + "\"", now + ".5"));
		enqueue(body("[2]", "\"" + ID + "\"", "\"" + java.time.Instant.ofEpochMilli(now) + "\""));
		enqueue(body("[3]", "\"" + ID + "\"", "null"));
		enqueue(body("[4]", "42", String.valueOf(now)));
		enqueue(body("\"ab\"", "null", String.valueOf(now)));
		enqueue("{\"queue_name\":\"default\",\"actor_name\":\"record\",\"args\":[5],\"kwargs\":{\"k\":19.90},"
				+ "\"options\":{}}");
		// When a worker consumes them
		run();
		// I expect every one to have run, none dead-lettered
		assertThat(this.runs).containsExactlyInAnyOrder("[1] {}", "[2] {}", "[3] {}", "[4] {}", "[a, b] {}",
				"[5] {k=19.90}");
		assertThat(this.broker.deadLetters()).isEmpty();
	}

	@Test
	void bodiesPythonCannotDecodeOrRunAreDeadLetteredAtOnceWithTheReason() {
		// Given bodies Python rejects, or whose arguments no actor can be called with
		enqueue(body("5", "\"" + ID + "\"", "1"));
		enqueue("{\"queue_name\":\"default\",\"actor_name\":\"record\",\"args\":[],\"kwargs\":[1],\"options\":{}}");
		enqueue("{\"queue_name\":\"default\",\"actor_name\":\"record\",\"args\":[],\"kwargs\":{},\"options\":[]}");
		enqueue("\uFEFF" + body("[1]", "\"" + ID + "\"", "1"));
		// When a worker consumes them
		run();
		// I expect none to run and each to be dead-lettered with why
		assertThat(this.runs).isEmpty();
		assertThat(this.broker.deadLetters()).hasSize(4).allSatisfy((dead) -> {
			assertThat(dead.message()).isNull();
			assertThat(dead.exception()).isInstanceOf(DecodeException.class);
		});
		assertThat(this.broker.deadLetters()).extracting((dead) -> dead.exception().getMessage())
			.anySatisfy((reason) -> assertThat(reason).contains("'args' must be an array"))
			.anySatisfy((reason) -> assertThat(reason).contains("'kwargs' must be an object but is an array"))
			.anySatisfy((reason) -> assertThat(reason).contains("'options' must be an object but is an array"))
			.anySatisfy((reason) -> assertThat(reason).contains("byte order mark"));
	}

	private void run() {
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults().withThreads(2).withWorkerTimeout(Duration.ofMillis(50)));
		this.worker.start();
		this.broker.join("default", Duration.ofSeconds(10), false);
		this.worker.join();
	}

	private void enqueue(String body) {
		this.broker.enqueueRaw("default", body.getBytes(StandardCharsets.UTF_8));
	}

	private static String body(String args, String messageId, String timestamp) {
		return "{\"queue_name\":\"default\",\"actor_name\":\"record\",\"args\":" + args
				+ ",\"kwargs\":{},\"options\":{},\"message_id\":" + messageId + ",\"message_timestamp\":" + timestamp
				+ "}";
	}

}
