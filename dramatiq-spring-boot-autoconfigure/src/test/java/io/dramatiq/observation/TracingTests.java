package io.dramatiq.observation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import brave.handler.MutableSpan;
import brave.Span.Kind;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.Retries;
import io.dramatiq.middleware.TimeLimit;
import io.dramatiq.middleware.TimeLimitExceededException;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tracing through the observations on the stub broker, with a real tracer: a send is a
 * producer span whose context goes into the message's {@code traceparent} option, and a
 * worker continues that trace with a consumer span whose ids the actor sees in the MDC.
 */
class TracingTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	// the W3C specification's own example
	private static final String PYTHON_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String PYTHON_SPAN_ID = "00f067aa0ba902b7";

	private final TestTracing tracing = new TestTracing();

	private final StubBroker broker = new StubBroker();

	private final List<String> seen = new CopyOnWriteArrayList<>();

	private Worker worker;

	@AfterEach
	void stop() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(10));
		}
		this.tracing.close();
	}

	private void declare(String actorName, Map<String, Object> options, ActorFunction function) {
		this.broker.declareActor(new ActorDefinition(actorName, "default", 0, options, function));
	}

	/** An actor that records the trace and span ids the logging context holds. */
	private void declareRecorder(String actorName) {
		declare(actorName, Map.of(), (args, kwargs) -> {
			this.seen.add(MDC.get("traceId") + "/" + MDC.get("spanId"));
			return null;
		});
	}

	private void startWorker() {
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults().withThreads(2).withWorkerTimeout(Duration.ofMillis(50)));
		this.worker.setObservationRegistry(this.tracing.registry());
		this.worker.start();
	}

	private void join() {
		this.broker.join("default", WAIT, false);
		this.worker.join(WAIT);
	}

	@Test
	void sendIsAProducerSpanWithTheTagsWhoseContextGoesIntoTheTraceparentOption() {
		// Given a broker that observes its sends with a tracer
		this.broker.setObservationRegistry(this.tracing.registry());
		declareRecorder("count_words");
		List<Message> hooked = new CopyOnWriteArrayList<>();
		this.broker.addMiddleware(new Middleware() {

			@Override
			public void beforeEnqueue(Broker broker, Message message, Duration delay) {
				hooked.add(message);
			}

		});
		// When I send a message
		Message sent = this.broker
			.enqueue(Message.create("default", "count_words", List.of("x"), Map.of(), Map.of("max_retries", 3)));
		// I expect a producer span with Dramatiq's tags
		MutableSpan send = this.tracing.span("count_words send");
		assertThat(send.kind()).isEqualTo(Kind.PRODUCER);
		assertThat(send.remoteServiceName()).isEqualTo("stub");
		assertThat(send.tags()).containsEntry("actor_name", "count_words")
			.containsEntry("queue_name", "default")
			.containsEntry("message_id", sent.messageId());
		// and its context appended to the options, which the enqueue hooks see too
		assertThat(sent.options()).containsExactly(Map.entry("max_retries", 3),
				Map.entry("traceparent", TestTracing.traceparent(send)));
		assertThat(hooked).containsExactly(sent);
	}

	@Test
	void workerContinuesTheTraceAsAChildSpanAndTheActorSeesItsIdsInTheMdc() {
		// Given a traced broker and worker
		this.broker.setObservationRegistry(this.tracing.registry());
		declareRecorder("count_words");
		startWorker();
		// When I send a message and it runs
		this.broker.enqueue(Message.create("default", "count_words", List.of(), Map.of(), Map.of()));
		join();
		// I expect the run to be a consumer span, the child of the send, in the same
		// trace
		MutableSpan send = this.tracing.span("count_words send");
		MutableSpan process = this.tracing.span("count_words process");
		assertThat(process.kind()).isEqualTo(Kind.CONSUMER);
		assertThat(process.traceId()).isEqualTo(send.traceId());
		assertThat(process.parentId()).isEqualTo(send.id());
		assertThat(process.tags()).containsEntry("actor_name", "count_words").containsEntry("queue_name", "default");
		assertThat(process.error()).isNull();
		// and the actor to log with the trace id and the run's span id
		assertThat(this.seen).containsExactly(process.traceId() + "/" + process.id());
	}

	@Test
	void failingActorRecordsTheErrorAndItsRetryStaysInTheTrace() {
		// Given an actor that fails once, with retries, on a traced broker and worker
		this.broker.addMiddleware(new Retries());
		this.broker.setObservationRegistry(this.tracing.registry());
		declare("flaky", Map.of("max_retries", 1, "min_backoff", 10, "max_backoff", 10), (args, kwargs) -> {
			this.seen.add(MDC.get("traceId"));
			if (this.seen.size() == 1) {
				throw new IllegalStateException("first run fails");
			}
			return null;
		});
		startWorker();
		// When I send it a message
		this.broker.enqueue(Message.create("default", "flaky", List.of(), Map.of(), Map.of()));
		join();
		// I expect the failed run to record its error
		List<MutableSpan> sends = this.tracing.spansByStart("flaky send");
		List<MutableSpan> runs = this.tracing.spansByStart("flaky process");
		assertThat(runs).hasSize(2);
		assertThat(runs.get(0).error()).isInstanceOf(IllegalStateException.class).hasMessage("first run fails");
		assertThat(runs.get(1).error()).isNull();
		// and the retry to be sent from the failed run and run as the retry's child
		assertThat(sends).hasSize(2);
		assertThat(sends.get(1).parentId()).isEqualTo(runs.get(0).id());
		assertThat(runs.get(1).parentId()).isEqualTo(sends.get(1).id());
		assertThat(this.tracing.spans()).extracting(MutableSpan::traceId).containsOnly(sends.get(0).traceId());
		assertThat(this.seen).containsOnly(sends.get(0).traceId());
	}

	@Test
	void actorStoppedByItsTimeLimitRecordsTimeLimitExceeded() {
		// Given an actor that blocks past its time limit, on a traced broker and worker
		this.broker.addMiddleware(new TimeLimit(Duration.ofSeconds(60), Duration.ofMillis(20)));
		this.broker.setObservationRegistry(this.tracing.registry());
		declare("slow", Map.of("time_limit", 100L), (args, kwargs) -> {
			this.seen.add(MDC.get("traceId"));
			new CountDownLatch(1).await(10, TimeUnit.SECONDS);
			return null;
		});
		startWorker();
		// When I send it a message
		this.broker.enqueue(Message.create("default", "slow", List.of(), Map.of(), Map.of()));
		join();
		// I expect the run, in the send's trace, to end with the time limit's exception
		MutableSpan send = this.tracing.span("slow send");
		MutableSpan process = this.tracing.span("slow process");
		assertThat(process.parentId()).isEqualTo(send.id());
		assertThat(process.error()).isInstanceOf(TimeLimitExceededException.class);
		assertThat(this.seen).containsExactly(send.traceId());
	}

	@Test
	void messageFromPythonWithATraceparentRunsAsAChildOfItsSpan() {
		// Given a message as a Python producer that joined a trace writes it
		declareRecorder("count_words");
		byte[] body = ("{\"queue_name\":\"default\",\"actor_name\":\"count_words\",\"args\":[],\"kwargs\":{},"
				+ "\"options\":{\"traceparent\":\"00-" + PYTHON_TRACE_ID + "-" + PYTHON_SPAN_ID + "-01\","
				+ "\"tracestate\":\"congo=t61rcWkgMzE\"},"
				+ "\"message_id\":\"0f6a3b2e-3d2c-4c5e-9a55-9e8f1c1d2b3a\",\"message_timestamp\":1700000000000}")
			.getBytes(StandardCharsets.UTF_8);
		this.broker.enqueueRaw("default", body);
		startWorker();
		// When a traced worker runs it
		join();
		// I expect the run to be a child of the Python span, in its trace
		MutableSpan process = this.tracing.span("count_words process");
		assertThat(process.traceId()).isEqualTo(PYTHON_TRACE_ID);
		assertThat(process.parentId()).isEqualTo(PYTHON_SPAN_ID);
		assertThat(this.seen).containsExactly(PYTHON_TRACE_ID + "/" + process.id());
	}

	@Test
	void messageWithoutATraceparentOrWithAMalformedOneStartsANewTrace() {
		// Given messages from a producer that does not trace, or writes garbage
		declareRecorder("count_words");
		this.broker.enqueue(Message.create("default", "count_words", List.of(1), Map.of(), Map.of()));
		this.broker
			.enqueue(Message.create("default", "count_words", List.of(2), Map.of(), Map.of("traceparent", "garbage")));
		this.broker.enqueue(Message.create("default", "count_words", List.of(3), Map.of(), Map.of("traceparent", 42)));
		startWorker();
		// When a traced worker runs them
		join();
		// I expect each to run, as the root of a trace of its own
		List<MutableSpan> runs = this.tracing.spans("count_words process");
		assertThat(runs).hasSize(3).allSatisfy((run) -> assertThat(run.parentId()).isNull());
		assertThat(runs).extracting(MutableSpan::traceId).doesNotHaveDuplicates();
		assertThat(this.seen).hasSize(3).allSatisfy((ids) -> assertThat(ids).doesNotStartWith("null"));
	}

	@Test
	void delayedMessageMovedToItsQueueWhenDueKeepsItsTrace() {
		// Given a traced broker and worker
		this.broker.setObservationRegistry(this.tracing.registry());
		declareRecorder("later");
		startWorker();
		// When I send a delayed message
		this.broker.enqueue(Message.create("default", "later", List.of(), Map.of(), Map.of()), Duration.ofMillis(50));
		join();
		// I expect one send, from my thread, and the run as its child
		MutableSpan send = this.tracing.span("later send");
		MutableSpan process = this.tracing.span("later process");
		assertThat(send.tags()).containsEntry("queue_name", "default");
		assertThat(process.parentId()).isEqualTo(send.id());
	}

	@Test
	void sendInsideASpanIsItsChildAndReplacesAnOlderTraceparentInPlace() {
		// Given a message that carries an older trace context between other options
		this.broker.setObservationRegistry(this.tracing.registry());
		declareRecorder("count_words");
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("a", 1);
		options.put("traceparent", "00-" + PYTHON_TRACE_ID + "-" + PYTHON_SPAN_ID + "-01");
		options.put("z", 2);
		Message message = Message.create("default", "count_words", List.of(), Map.of(), options);
		// When I enqueue it inside an observation of my own
		Observation parent = Observation.start("request", this.tracing.registry());
		Message sent;
		try (Observation.Scope scope = parent.openScope()) {
			sent = this.broker.enqueue(message);
		}
		parent.stop();
		// I expect the send to be a child of my span, and its context to take the old
		// one's
		// place, so the options keep their order on the wire
		MutableSpan request = this.tracing.span("request");
		MutableSpan send = this.tracing.span("count_words send");
		assertThat(send.parentId()).isEqualTo(request.id());
		assertThat(sent.options()).containsExactly(Map.entry("a", 1),
				Map.entry("traceparent", TestTracing.traceparent(send)), Map.entry("z", 2));
		String json = new String(new JsonMessageEncoder().encode(sent), StandardCharsets.UTF_8);
		assertThat(json)
			.contains("\"options\":{\"a\":1,\"traceparent\":\"" + TestTracing.traceparent(send) + "\",\"z\":2}");
	}

	@Test
	void withoutARegistryMessagesAreWrittenAsGiven() {
		// Given a broker and a worker with no observation registry
		declareRecorder("count_words");
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults().withThreads(1).withWorkerTimeout(Duration.ofMillis(50)));
		this.worker.start();
		// When I send a message
		Message message = Message.create("default", "count_words", List.of(), Map.of(), Map.of("a", 1));
		Message sent = this.broker.enqueue(message);
		join();
		// I expect it written as given, run, and nothing traced
		assertThat(sent).isSameAs(message);
		assertThat(this.seen).containsExactly("null/null");
		assertThat(this.tracing.spans()).isEmpty();
	}

}
