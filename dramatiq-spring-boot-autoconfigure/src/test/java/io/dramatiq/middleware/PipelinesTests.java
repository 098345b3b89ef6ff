package io.dramatiq.middleware;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pipelines: the next step is enqueued as stored with the result appended, unless
 * ignored; delays; failed steps stop the pipeline (spec §8.6, C66, C67).
 */
class PipelinesTests extends AbstractMiddlewareTests {

	private final Recorder recorder = new Recorder();

	private final List<String> runs = new CopyOnWriteArrayList<>();

	PipelinesTests() {
		this.broker.addMiddleware(this.recorder);
		this.broker.addMiddleware(new Pipelines());
		this.broker.addMiddleware(new Retries());
	}

	/**
	 * An actor that records its arguments and message id, and returns its last argument +
	 * 1.
	 */
	private void declareStep(String actorName, Map<String, ?> options) {
		declare(actorName, options, (args, kwargs) -> {
			this.runs.add(actorName + args + " " + org.slf4j.MDC.get("dramatiq_message_id"));
			return (args.isEmpty() ? 0 : (Integer) args.get(args.size() - 1)) + 1;
		});
	}

	/** Chain messages: each gets the next one's envelope as pipe_target. */
	private static Message chain(Message... messages) {
		Message next = null;
		for (int i = messages.length - 1; i >= 0; i--) {
			next = (next != null) ? messages[i].withOption("pipe_target", next.asMap()) : messages[i];
		}
		return next;
	}

	private static Message step(String actorName, List<?> args, Map<String, ?> options) {
		return Message.create(QUEUE, actorName, args, Map.of(), options);
	}

	@Test
	void nextStepsRunWithThePreviousResultAndTheirStoredIds() {
		// Given the pipeline a(1) | b(2) | c()
		declareStep("a", Map.of());
		declareStep("b", Map.of());
		declareStep("c", Map.of());
		Message b = step("b", List.of(2), Map.of());
		Message c = step("c", List.of(), Map.of());
		Message first = chain(step("a", List.of(1), Map.of()), b, c);
		startWorker(1);
		// When I enqueue its first message
		this.broker.enqueue(first);
		join();
		// I expect each step to get the previous result and keep the id chosen at build
		// time
		assertThat(this.runs).containsExactly("a[1] " + first.messageId(), "b[2, 2] " + b.messageId(),
				"c[3] " + c.messageId());
		Message enqueuedB = this.recorder.enqueuedFor("b").get(0);
		assertThat(enqueuedB.messageTimestamp()).isEqualTo(b.messageTimestamp());
		assertThat(enqueuedB.option("pipe_target")).isEqualTo(c.asMap());
		assertThat(this.recorder.enqueuedFor("c").get(0).options()).doesNotContainKey("pipe_target");
	}

	@Test
	void pipeIgnoreOnTheNextMessageKeepsItsArguments() {
		declareStep("a", Map.of());
		declareStep("b", Map.of());
		Message b = step("b", List.of(2), Map.of("pipe_ignore", true));
		startWorker(1);
		this.broker.enqueue(chain(step("a", List.of(1), Map.of()), b));
		join();
		assertThat(this.runs).hasSize(2).last().isEqualTo("b[2] " + b.messageId());
	}

	@Test
	void pipeIgnoreOnTheFinishedActorKeepsTheNextArguments() {
		declareStep("a", Map.of("pipe_ignore", true));
		declareStep("b", Map.of());
		startWorker(1);
		this.broker.enqueue(chain(step("a", List.of(1), Map.of()), step("b", List.of(2), Map.of())));
		join();
		assertThat(this.runs).hasSize(2).last().asString().startsWith("b[2] ");
	}

	@Test
	void delayOfTheNextMessageDelaysItThroughTheDelayQueue() {
		declareStep("a", Map.of());
		declareStep("b", Map.of());
		startWorker(1);
		this.broker.enqueue(chain(step("a", List.of(1), Map.of()), step("b", List.of(2), Map.of("delay", 50))));
		join();
		assertThat(this.runs).hasSize(2);
		Recorder.Enqueued delayed = this.recorder.enqueued.stream()
			.filter((e) -> e.message().actorName().equals("b"))
			.findFirst()
			.orElseThrow();
		assertThat(delayed.delay()).isEqualTo(Duration.ofMillis(50));
		assertThat(delayed.message().queueName()).isEqualTo("default.DQ");
		assertThat(delayed.message().options()).containsKey("eta").containsEntry("delay", 50);
	}

	@Test
	void failedStepDoesNotEnqueueTheNext() {
		declare("a", Map.of("max_retries", 0), (args, kwargs) -> {
			throw new IllegalStateException("step failed");
		});
		declareStep("b", Map.of());
		startWorker(1);
		this.broker.enqueue(chain(step("a", List.of(1), Map.of()), step("b", List.of(2), Map.of())));
		join();
		assertThat(this.runs).isEmpty();
		assertThat(this.recorder.enqueuedFor("b")).isEmpty();
		assertThat(this.broker.deadLetters(QUEUE)).hasSize(1);
	}

	@Test
	void nextStepNeedsNoLocalActor() {
		// Given a pipeline whose next step runs in another service, on a queue this
		// worker does not consume
		declareStep("a", Map.of());
		this.broker.declareQueue("elsewhere");
		Message remote = Message.create("elsewhere", "py_step", List.of(), Map.of(), Map.of());
		this.worker = new io.dramatiq.worker.Worker(this.broker,
				io.dramatiq.worker.WorkerOptions.defaults()
					.withThreads(1)
					.withWorkerTimeout(Duration.ofMillis(50))
					.withQueues(java.util.Set.of(QUEUE)));
		this.worker.start();
		this.broker.enqueue(chain(step("a", List.of(1), Map.of()), remote));
		join();
		assertThat(this.broker.queueCounts("elsewhere").ready()).isEqualTo(1);
		assertThat(this.recorder.enqueuedFor("py_step")).singleElement().satisfies((next) -> {
			assertThat(next.messageId()).isEqualTo(remote.messageId());
			assertThat(next.args()).containsExactly(2);
		});
	}

}
