package io.dramatiq.composition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Pipelines built in Java: the nested {@code pipe_target} chain, flattening and the run
 * delay (spec §8.6, §9, C65).
 */
class PipelineTests {

	private final StubBroker broker = new StubBroker();

	private final EnqueueRecorder recorder = new EnqueueRecorder();

	PipelineTests() {
		this.broker.addMiddleware(this.recorder);
		this.broker.declareQueue("default");
	}

	private static Message message(String actorName, List<?> args, Map<String, ?> options) {
		return Message.create("default", actorName, args, Map.of(), options);
	}

	@Test
	void firstMessageEncodesLikePythonsPipeline() {
		// Given the messages of Python's vector "pipeline": add(1, 2) | mul(3) with
		// pipe_ignore
		Message add = new Message("default", "add", List.of(1, 2), Map.of(), Map.of(),
				"6ff853a6-73d8-48ea-ac88-ff4e061adcc4", 1795499148828L);
		Message mul = new Message("default", "mul", List.of(3), Map.of(), Map.of("pipe_ignore", true),
				"0c1a8f0e-9a7e-4d0a-9b43-5a0a0c7f2b11", 1795499148828L);
		// When I build the pipeline in Java
		Pipeline pipeline = Pipeline.of(this.broker, add, mul);
		// I expect its first message to encode to Python's bytes
		byte[] body = new JsonMessageEncoder().encode(pipeline.messages().get(0));
		assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(Vectors.python("pipeline"));
		assertThat(pipeline.messages().get(1).options()).doesNotContainKey("pipe_target");
	}

	@Test
	void firstMessageCarriesTheWholeChainNested() {
		Message a = message("a", List.of(1), Map.of());
		Message b = message("b", List.of(2), Map.of());
		Message c = message("c", List.of(), Map.of("delay", 10));
		Pipeline pipeline = Pipeline.of(this.broker, a, b, c);
		assertThat(pipeline.size()).isEqualTo(3);
		Map<String, Object> targetB = map(pipeline.messages().get(0).option("pipe_target"));
		assertThat(targetB).containsEntry("message_id", b.messageId()).containsEntry("args", List.of(2));
		Map<String, Object> targetC = map(map(targetB.get("options")).get("pipe_target"));
		assertThat(targetC).isEqualTo(c.asMap());
		assertThat(List.copyOf(targetC.keySet())).containsExactly("queue_name", "actor_name", "args", "kwargs",
				"options", "message_id", "message_timestamp");
		assertThat(pipeline.messages().get(1).option("pipe_target")).isEqualTo(c.asMap());
		assertThat(pipeline.messages().get(2)).isEqualTo(c);
		// the messages given are left as they are
		assertThat(a.options()).isEmpty();
	}

	@Test
	void nestedPipelinesAreFlattened() {
		Message a = message("a", List.of(), Map.of());
		Message b = message("b", List.of(), Map.of());
		Message c = message("c", List.of(), Map.of());
		Message d = message("d", List.of(), Map.of());
		Pipeline nested = Pipeline.of(this.broker, a, Pipeline.of(this.broker, b, c)).then(d);
		assertThat(nested.messages()).extracting(Message::messageId)
			.containsExactly(a.messageId(), b.messageId(), c.messageId(), d.messageId());
		// c, last of the inner pipeline, now leads to d
		assertThat(nested.messages().get(2).option("pipe_target")).isEqualTo(d.asMap());
		assertThat(nested.messages().get(0)).isEqualTo(Pipeline.of(this.broker, a, b, c, d).messages().get(0));
	}

	@Test
	void runEnqueuesOnlyTheFirstMessageAtOnce() {
		Pipeline pipeline = Pipeline.of(this.broker, message("a", List.of(), Map.of()),
				message("b", List.of(), Map.of()));
		pipeline.run();
		assertThat(this.recorder.enqueued).singleElement().satisfies((enqueued) -> {
			assertThat(enqueued.message().messageId()).isEqualTo(pipeline.messages().get(0).messageId());
			assertThat(enqueued.message().queueName()).isEqualTo("default");
			assertThat(enqueued.delay()).isNull();
		});
	}

	@Test
	void runDelayIsTheLongerOfTheRunDelayAndTheFirstMessagesDelay() {
		Pipeline ownDelay = Pipeline.of(this.broker, message("a", List.of(), Map.of("delay", 5000)));
		ownDelay.run(Duration.ofMillis(100));
		ownDelay.run(Duration.ofSeconds(7));
		Pipeline.of(this.broker, message("a", List.of(), Map.of("delay", 0))).run(Duration.ZERO);
		assertThat(this.recorder.enqueued).extracting(EnqueueRecorder.Enqueued::delay)
			.containsExactly(Duration.ofMillis(5000), Duration.ofSeconds(7), null);
		assertThat(this.recorder.enqueued.get(0).message().queueName()).isEqualTo("default.DQ");
	}

	@Test
	void onlyMessagesAndPipelinesMakeAPipeline() {
		assertThatIllegalArgumentException().isThrownBy(() -> Pipeline.of(this.broker, "a"))
			.withMessageContaining("java.lang.String");
		assertThatIllegalArgumentException().isThrownBy(() -> Pipeline.of(this.broker));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
