package io.dramatiq.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import io.dramatiq.message.Message;
import io.dramatiq.observation.TestTracing;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tracing across real Redis: the trace context a send writes into the options is stored
 * with the message and a worker continues the trace, also for a delayed message and for
 * one a Python producer stored with its own {@code traceparent}.
 */
class RedisTracingIntegrationTests extends AbstractRedisIntegrationTests {

	private final TestTracing tracing = new TestTracing();

	private final List<String> traceIds = new CopyOnWriteArrayList<>();

	@AfterEach
	void closeTracing() {
		this.tracing.close();
	}

	private RedisBroker tracedBroker() {
		RedisBroker broker = broker();
		broker.setObservationRegistry(this.tracing.registry());
		declare(broker, "default", "count_words", (args, kwargs) -> {
			this.traceIds.add(MDC.get("traceId"));
			return null;
		});
		return broker;
	}

	private void startTracedWorker(RedisBroker broker) {
		Worker worker = startWorker(broker, WorkerOptions.defaults().withThreads(2));
		worker.setObservationRegistry(this.tracing.registry());
	}

	private List<MutableSpan> awaitRuns(int count) {
		await().atMost(WAIT).until(() -> this.tracing.spans("count_words process").size() >= count);
		return this.tracing.spans("count_words process");
	}

	@Test
	void sentAndDelayedMessagesCarryTheirTraceThroughRedisAndRunAsChildSpans() {
		// Given a traced broker and worker on Redis
		RedisBroker broker = tracedBroker();
		startTracedWorker(broker);
		// When I send a message now and one delayed
		Message now = broker.enqueue(Message.create("default", "count_words", List.of(1), Map.of(), Map.of()));
		Message later = broker.enqueue(Message.create("default", "count_words", List.of(2), Map.of(), Map.of()),
				Duration.ofMillis(100));
		// I expect two sends, whose contexts the stored messages carry
		List<MutableSpan> sends = this.tracing.spans("count_words send");
		assertThat(sends).extracting(TestTracing::traceparent)
			.containsExactly((String) now.option("traceparent"), (String) later.option("traceparent"));
		// and each run to be the child of its send, the delayed one too
		List<MutableSpan> runs = awaitRuns(2);
		for (MutableSpan send : sends) {
			assertThat(runs).filteredOn((run) -> send.id().equals(run.parentId()))
				.singleElement()
				.satisfies((run) -> assertThat(run.traceId()).isEqualTo(send.traceId()));
		}
		assertThat(this.tracing.spans("count_words send")).hasSize(2);
		assertThat(this.traceIds)
			.containsExactlyInAnyOrderElementsOf(sends.stream().map(MutableSpan::traceId).toList());
	}

	@Test
	void messageStoredByPythonWithATraceparentRunsInItsTrace() {
		// Given a message as Python stores it after joining a trace
		RedisBroker broker = tracedBroker();
		publishRaw("default", "9a1b2c3d-0000-4000-8000-000000000001",
				"{\"queue_name\":\"default\",\"actor_name\":\"count_words\",\"args\":[],\"kwargs\":{},"
						+ "\"options\":{\"redis_message_id\":\"9a1b2c3d-0000-4000-8000-000000000001\","
						+ "\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"},"
						+ "\"message_id\":\"6ff853a6-73d8-48ea-ac88-ff4e061adcc4\",\"message_timestamp\":1795499148828}");
		// When a traced Java worker runs it
		startTracedWorker(broker);
		// I expect the run to be the child of the Python span
		MutableSpan run = awaitRuns(1).get(0);
		assertThat(run.traceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
		assertThat(run.parentId()).isEqualTo("b7ad6b7169203331");
		assertThat(this.traceIds).containsExactly("0af7651916cd43dd8448eb211c80319c");
	}

}
