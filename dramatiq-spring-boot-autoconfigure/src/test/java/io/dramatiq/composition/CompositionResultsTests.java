package io.dramatiq.composition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.GroupCallbacks;
import io.dramatiq.middleware.Pipelines;
import io.dramatiq.middleware.Retries;
import io.dramatiq.ratelimit.StubRateLimiterBackend;
import io.dramatiq.results.ResultFailureException;
import io.dramatiq.results.ResultTimeoutException;
import io.dramatiq.results.Results;
import io.dramatiq.results.StubResultBackend;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Pipelines and groups run by a real worker on the stub broker, read through the results
 * backend (spec §8.6, §9, C64, C66, C67).
 */
class CompositionResultsTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final StubBroker broker = new StubBroker();

	private final List<String> runs = new CopyOnWriteArrayList<>();

	private Worker worker;

	CompositionResultsTests() {
		this.broker.addMiddleware(new Retries());
		this.broker.addMiddleware(new Pipelines());
		this.broker.addMiddleware(new GroupCallbacks(new StubRateLimiterBackend()));
		this.broker.addMiddleware(
				new Results(new StubResultBackend(), true, Results.DEFAULT_RESULT_TTL, JsonMapper.builder().build()));
		declare("increment", Map.of(), (args, kwargs) -> {
			this.runs.add("increment" + args);
			return ((Number) args.get(args.size() - 1)).intValue() + 1;
		});
		declare("failing", Map.of("max_retries", 0), (args, kwargs) -> {
			throw new IllegalStateException("step failed");
		});
	}

	@AfterEach
	void stopWorker() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(10));
		}
	}

	private void declare(String actorName, Map<String, ?> options, ActorFunction function) {
		this.broker.declareActor(new ActorDefinition(actorName, "default", 0, new HashMap<>(options), function));
	}

	private void startWorker() {
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults().withThreads(2).withWorkerTimeout(Duration.ofMillis(50)));
		this.worker.start();
	}

	private void join() {
		this.broker.join("default", WAIT, false);
		this.worker.join(WAIT);
	}

	private static Message increment(Object... args) {
		return Message.create("default", "increment", List.of(args), Map.of(), Map.of());
	}

	@Test
	void pipelineResultsAreReadInOrder() {
		// Given the pipeline increment(1) | increment() | increment()
		Pipeline pipeline = Pipeline.of(this.broker, increment(1), increment(), increment());
		assertThat(pipeline.completedCount()).isZero();
		assertThatExceptionOfType(ResultTimeoutException.class)
			.isThrownBy(() -> pipeline.getResult(Duration.ofMillis(50)));
		// When a worker runs it
		startWorker();
		pipeline.run();
		// I expect each step's result, the last being the pipeline's
		assertThat(pipeline.<Integer>getResult(WAIT)).isEqualTo(4);
		assertThat(pipeline.getResults(WAIT)).containsExactly(2, 3, 4);
		assertThat(pipeline.completedCount()).isEqualTo(3);
		assertThat(pipeline.isCompleted()).isTrue();
		assertThat(this.runs).containsExactly("increment[1]", "increment[2]", "increment[3]");
	}

	@Test
	void pipeIgnoreKeepsTheNextArguments() {
		Message ignoring = Message.create("default", "increment", List.of(10), Map.of(), Map.of("pipe_ignore", true));
		Pipeline pipeline = Pipeline.of(this.broker, increment(1), ignoring);
		startWorker();
		pipeline.run();
		assertThat(pipeline.getResults(WAIT)).containsExactly(2, 11);
	}

	@Test
	void failedStepStopsThePipeline() {
		Message failing = Message.create("default", "failing", List.of(), Map.of(), Map.of());
		Message last = increment(1);
		Pipeline pipeline = Pipeline.of(this.broker, increment(1), failing, last);
		startWorker();
		pipeline.run();
		join();
		assertThatExceptionOfType(ResultFailureException.class).isThrownBy(() -> pipeline.getResults(WAIT))
			.withMessageContaining("step failed");
		assertThatExceptionOfType(ResultFailureException.class).isThrownBy(pipeline::completedCount);
		assertThat(this.runs).containsExactly("increment[1]");
		assertThat(this.broker.deadLetters("default")).hasSize(1);
		assertThatExceptionOfType(ResultTimeoutException.class)
			.isThrownBy(() -> pipeline.getResult(Duration.ofMillis(50)));
	}

	@Test
	void groupResultsFollowTheChildren() {
		// Given a group of a message, a pipeline and a group
		Group group = Group.of(this.broker, increment(1), Pipeline.of(this.broker, increment(10), increment()),
				Group.of(this.broker, increment(20), increment(30)));
		assertThat(group.completedCount()).isZero();
		assertThatExceptionOfType(ResultTimeoutException.class).isThrownBy(() -> group.join(Duration.ofMillis(50)));
		// When it runs
		startWorker();
		group.run();
		group.join(WAIT);
		// I expect a pipeline child to give its last result and a group child its list
		assertThat(group.getResults(WAIT)).containsExactly(2, 12, List.of(21, 31));
		assertThat(group.completedCount()).isEqualTo(3);
		assertThat(group.isCompleted()).isTrue();
	}

	@Test
	void groupWithCallbacksKeepsItsResults() {
		Message done = increment(100);
		Group group = Group.of(this.broker, increment(1), Pipeline.of(this.broker, increment(10), increment()))
			.withCompletionCallback(done);
		startWorker();
		group.run();
		assertThat(group.getResults(WAIT)).containsExactly(2, 12);
		Results results = Results.of(this.broker);
		assertThat(results.<Integer>result(this.broker, done).get(WAIT)).isEqualTo(101);
	}

}
