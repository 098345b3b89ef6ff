package io.dramatiq.composition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.GroupCallbacks;
import io.dramatiq.middleware.Pipelines;
import io.dramatiq.middleware.Retries;
import io.dramatiq.ratelimit.StubRateLimiterBackend;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Groups and their completion callbacks on the stub broker (spec §8.10, §9, C68, C69).
 */
class GroupTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final StubBroker broker = new StubBroker();

	private final EnqueueRecorder recorder = new EnqueueRecorder();

	private final StubRateLimiterBackend backend = new StubRateLimiterBackend();

	private final List<String> runs = new CopyOnWriteArrayList<>();

	private Worker worker;

	GroupTests() {
		this.broker.addMiddleware(this.recorder);
		this.broker.declareQueue("default");
	}

	@AfterEach
	void stopWorker() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(10));
		}
	}

	private static Message message(String actorName, List<?> args, Map<String, ?> options) {
		return Message.create("default", actorName, args, Map.of(), options);
	}

	private void declare(String actorName, Map<String, ?> options, ActorFunction function) {
		this.broker.declareActor(new ActorDefinition(actorName, "default", 0, new HashMap<>(options), function));
	}

	private void declareRecording(String actorName) {
		declare(actorName, Map.of(), (args, kwargs) -> {
			this.runs.add(actorName + args + " " + org.slf4j.MDC.get("dramatiq_message_id"));
			return args.size();
		});
	}

	private void startWorker(int threads) {
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults().withThreads(threads).withWorkerTimeout(Duration.ofMillis(50)));
		this.worker.start();
	}

	private void join() {
		this.broker.join("default", WAIT, false);
		this.worker.join(WAIT);
	}

	@Test
	void runEnqueuesEveryChildWithTheSameDelay() {
		Message a = message("a", List.of(), Map.of());
		Message b = message("b", List.of(), Map.of());
		Message c = message("c", List.of(), Map.of());
		Message d = message("d", List.of(), Map.of());
		Group group = Group.of(this.broker, a, Pipeline.of(this.broker, b, c), Group.of(this.broker, d));
		assertThat(group.size()).isEqualTo(3);
		group.run(Duration.ofSeconds(5));
		assertThat(this.recorder.enqueued).extracting((e) -> e.message().messageId())
			.containsExactly(a.messageId(), b.messageId(), d.messageId());
		assertThat(this.recorder.enqueued).extracting(EnqueueRecorder.Enqueued::delay)
			.containsOnly(Duration.ofSeconds(5));
		assertThat(this.recorder.enqueued).allSatisfy((e) -> assertThat(e.message().options())
			.doesNotContainKeys(GroupCallbacks.GROUP_COMPLETION_UUID, GroupCallbacks.GROUP_COMPLETION_CALLBACKS));
	}

	@Test
	void childrenCarryTheBarrierAndTheCallbacksLikePythons() {
		this.broker.addMiddleware(new GroupCallbacks(this.backend));
		Message add = new Message("default", "add", List.of(1, 2), Map.of(), Map.of(),
				"6ff853a6-73d8-48ea-ac88-ff4e061adcc4", 1795499148828L);
		Message done = new Message("default", "done", List.of(), Map.of(), Map.of(),
				"4f5b3b5e-8a55-4c6c-8f9d-2a0d5d8f7c21", 1795499148828L);
		Group.of(this.broker, add).withCompletionCallback(done).run();
		Message enqueued = this.recorder.enqueued.get(0).message();
		String uuid = (String) enqueued.option(GroupCallbacks.GROUP_COMPLETION_UUID);
		assertThat(uuid).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		String python = Vectors.python("group-callbacks").replace("d6f5d1f4-2a59-4b0e-8f5a-0c1e7c1f0a55", uuid);
		assertThat(new String(new JsonMessageEncoder().encode(enqueued), StandardCharsets.UTF_8)).isEqualTo(python);
		// a barrier for one party, with Python's default time to live
		assertThat(this.backend.get(uuid)).isEqualTo(1L);
		assertThat(this.backend.add(uuid, 1, Duration.ofDays(1))).isFalse();
	}

	@Test
	void onlyTheLastMessageOfAPipelineChildCarriesTheGroupOptions() {
		this.broker.addMiddleware(new GroupCallbacks(this.backend));
		Message a = message("a", List.of(), Map.of());
		Message b = message("b", List.of(), Map.of("pipe_ignore", true));
		Message c = message("c", List.of(), Map.of());
		Message done = message("done", List.of(), Map.of());
		Pipeline pipeline = Pipeline.of(this.broker, a, b);
		Group group = Group.of(this.broker, pipeline, c).withCompletionCallback(done);
		group.run();
		group.run();
		Message first = this.recorder.enqueuedFor("a").get(0);
		assertThat(first.messageId()).isEqualTo(a.messageId());
		assertThat(first.options()).containsOnlyKeys(Pipelines.PIPE_TARGET);
		Map<String, Object> target = map(first.option(Pipelines.PIPE_TARGET));
		assertThat(target.get("message_id")).isEqualTo(b.messageId());
		Map<String, Object> targetOptions = map(target.get("options"));
		assertThat(List.copyOf(targetOptions.keySet())).containsExactly("pipe_ignore",
				GroupCallbacks.GROUP_COMPLETION_UUID, GroupCallbacks.GROUP_COMPLETION_CALLBACKS);
		assertThat(targetOptions.get(GroupCallbacks.GROUP_COMPLETION_CALLBACKS)).isEqualTo(List.of(done.asMap()));
		Message second = this.recorder.enqueuedFor("c").get(0);
		assertThat(second.option(GroupCallbacks.GROUP_COMPLETION_UUID))
			.isEqualTo(targetOptions.get(GroupCallbacks.GROUP_COMPLETION_UUID));
		// each run has a barrier of its own, for two parties
		String secondRun = (String) this.recorder.enqueuedFor("c").get(1).option(GroupCallbacks.GROUP_COMPLETION_UUID);
		assertThat(secondRun).isNotEqualTo(second.option(GroupCallbacks.GROUP_COMPLETION_UUID));
		assertThat(this.backend.get(secondRun)).isEqualTo(2L);
		// the group and pipeline built by the caller are left as they were
		assertThat(pipeline.messages().get(1)).isEqualTo(b);
		assertThat(group.children()).containsExactly(pipeline, c);
	}

	@Test
	void completionCallbackRunsOnceAfterTheLastChildSucceeded() {
		// Given a group of three with a completion callback, on a broker with
		// GroupCallbacks
		this.broker.addMiddleware(new GroupCallbacks(this.backend));
		this.broker.addMiddleware(new Retries());
		declareRecording("child");
		declareRecording("done");
		Message done = message("done", List.of(), Map.of());
		Group group = Group
			.of(this.broker, message("child", List.of(1), Map.of()), message("child", List.of(2), Map.of()),
					message("child", List.of(3), Map.of()))
			.withCompletionCallback(done);
		startWorker(3);
		// When it runs
		group.run();
		join();
		// I expect the callback to run once, after the three children, with its own id
		assertThat(this.runs).hasSize(4).last().isEqualTo("done[] " + done.messageId());
		assertThat(this.recorder.enqueuedFor("done")).singleElement()
			.satisfies((enqueued) -> assertThat(enqueued).isEqualTo(done));
	}

	@Test
	void failedChildDoesNotReachTheBarrier() {
		this.broker.addMiddleware(new GroupCallbacks(this.backend));
		this.broker.addMiddleware(new Retries());
		declareRecording("child");
		declareRecording("done");
		declare("failing", Map.of("max_retries", 0), (args, kwargs) -> {
			throw new IllegalStateException("child failed");
		});
		Message child = message("child", List.of(), Map.of());
		Group group = Group.of(this.broker, child, message("failing", List.of(), Map.of()))
			.withCompletionCallback(message("done", List.of(), Map.of()));
		startWorker(2);
		group.run();
		join();
		assertThat(this.runs).containsExactly("child[] " + child.messageId());
		assertThat(this.recorder.enqueuedFor("done")).isEmpty();
		assertThat(this.broker.deadLetters("default")).hasSize(1);
		// the barrier still waits for one party
		String uuid = (String) this.recorder.enqueuedFor("child").get(0).option(GroupCallbacks.GROUP_COMPLETION_UUID);
		assertThat(this.backend.get(uuid)).isEqualTo(1L);
	}

	@Test
	void groupWithCallbacksCannotHoldGroups() {
		Group nested = Group.of(this.broker, Group.of(this.broker, message("a", List.of(), Map.of())));
		assertThatThrownBy(() -> nested.withCompletionCallback(message("done", List.of(), Map.of())))
			.isInstanceOf(UnsupportedOperationException.class)
			.hasMessageContaining("cannot hold groups");
	}

	@Test
	void runningCallbacksWithoutGroupCallbacksMiddlewareFails() {
		Group group = Group.of(this.broker, message("a", List.of(), Map.of()))
			.withCompletionCallback(message("done", List.of(), Map.of()));
		assertThatIllegalStateException().isThrownBy(group::run).withMessageContaining("GroupCallbacks middleware");
		assertThat(this.recorder.enqueued).isEmpty();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

}
