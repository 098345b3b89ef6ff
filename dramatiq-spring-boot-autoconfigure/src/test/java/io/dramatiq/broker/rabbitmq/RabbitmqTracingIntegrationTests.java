package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.observation.TestTracing;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing across real RabbitMQ: the trace context a send writes into the options goes
 * over the wire and a worker continues the trace, for single and pipelined sends and for
 * a message a Python producer published with its own {@code traceparent}.
 */
class RabbitmqTracingIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static CachingConnectionFactory connectionFactory;

	private static RabbitmqAdmin admin;

	private final TestTracing tracing = new TestTracing();

	private final List<String> traceIds = new CopyOnWriteArrayList<>();

	private RabbitmqBroker broker;

	private Worker worker;

	private String queue;

	@AfterAll
	static void disconnect() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@BeforeEach
	void connectAndPickQueue() {
		// skips the test when RabbitMQ does not answer
		admin = RabbitmqAdmin.get();
		if (connectionFactory == null) {
			connectionFactory = RabbitmqAdmin.connectionFactory("dramatiq-tracing-tests");
		}
		this.queue = RabbitmqAdmin.uniqueQueue();
		this.broker = new RabbitmqBroker(connectionFactory, new JsonMessageEncoder(), RabbitmqBrokerOptions.defaults());
		this.broker.setObservationRegistry(this.tracing.registry());
		this.broker.declareActor(new ActorDefinition("count_words", this.queue, 0, Map.of(), (args, kwargs) -> {
			this.traceIds.add(MDC.get("traceId"));
			return null;
		}));
	}

	@AfterEach
	void cleanUp() throws IOException {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(5));
		}
		if (this.broker != null) {
			this.broker.close();
		}
		if (this.queue != null) {
			admin.deleteQueues(this.queue);
		}
		this.tracing.close();
	}

	private void startWorker() {
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults().withWorkerTimeout(Duration.ofMillis(100)).withThreads(2));
		this.worker.setObservationRegistry(this.tracing.registry());
		this.worker.start();
	}

	private List<MutableSpan> awaitRuns(int count) {
		await().atMost(WAIT).until(() -> this.tracing.spans("count_words process").size() >= count);
		return this.tracing.spans("count_words process");
	}

	@Test
	void sentMessagesCarryTheirTraceOverRabbitmqAndRunAsChildSpans() {
		// Given a traced broker and worker on RabbitMQ
		startWorker();
		// When I send one message, then two in one pipelined publish
		Message single = this.broker.enqueue(Message.create(this.queue, "count_words", List.of(1), Map.of(), Map.of()));
		List<Message> pair = this.broker
			.enqueueAll(List.of(Message.create(this.queue, "count_words", List.of(2), Map.of(), Map.of()),
					Message.create(this.queue, "count_words", List.of(3), Map.of(), Map.of())));
		// I expect each send to be a producer span whose context its message carries
		List<MutableSpan> sends = this.tracing.spans("count_words send");
		assertThat(sends).hasSize(3);
		assertThat(sends).extracting(TestTracing::traceparent)
			.containsExactlyInAnyOrder((String) single.option("traceparent"),
					(String) pair.get(0).option("traceparent"), (String) pair.get(1).option("traceparent"));
		// and each run to be the child of its send, with the trace id in the MDC
		List<MutableSpan> runs = awaitRuns(3);
		for (MutableSpan send : sends) {
			assertThat(runs).filteredOn((run) -> send.id().equals(run.parentId()))
				.singleElement()
				.satisfies((run) -> assertThat(run.traceId()).isEqualTo(send.traceId()));
		}
		assertThat(this.traceIds)
			.containsExactlyInAnyOrderElementsOf(sends.stream().map(MutableSpan::traceId).toList());
	}

	@Test
	void messagePublishedByPythonWithATraceparentRunsInItsTrace() throws IOException {
		// Given a message as Python publishes it after joining a trace
		admin.declareAsPython(this.queue, null);
		String body = "{\"queue_name\":\"" + this.queue + "\",\"actor_name\":\"count_words\",\"args\":[],"
				+ "\"kwargs\":{},\"options\":{\"traceparent\":"
				+ "\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"},"
				+ "\"message_id\":\"6ff853a6-73d8-48ea-ac88-ff4e061adcc4\",\"message_timestamp\":1795499148828}";
		admin.publishAsPython(this.queue, body.getBytes(StandardCharsets.UTF_8), null);
		// When a traced Java worker runs it
		startWorker();
		// I expect the run to be the child of the Python span
		MutableSpan run = awaitRuns(1).get(0);
		assertThat(run.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(run.parentId()).isEqualTo("b7ad6b7169203331");
		assertThat(this.traceIds).containsExactly("0af7651916cd43dd8448eb211c80319c");
	}

}
