package io.dramatiq.middleware;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;

/**
 * A stub broker and a worker driven by hand, for the middleware tests.
 */
abstract class AbstractMiddlewareTests {

	protected static final Duration WAIT = Duration.ofSeconds(20);

	protected static final String QUEUE = "default";

	protected final StubBroker broker = new StubBroker();

	protected final LogCapture logs = new LogCapture();

	protected Worker worker;

	@AfterEach
	void stopWorkerAndLogCapture() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(10));
		}
		this.logs.close();
	}

	protected ActorDefinition declare(String actorName, Map<String, ?> options, ActorFunction function) {
		ActorDefinition actor = new ActorDefinition(actorName, QUEUE, 0, new HashMap<>(options), function);
		this.broker.declareActor(actor);
		return actor;
	}

	protected Worker startWorker(int threads) {
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults().withThreads(threads).withWorkerTimeout(Duration.ofMillis(50)));
		this.worker.start();
		return this.worker;
	}

	protected Message send(String actorName, List<?> args, Map<String, ?> options) {
		return this.broker.enqueue(Message.create(QUEUE, actorName, args, Map.of(), options));
	}

	/** Wait until the queue drained and the worker is idle, without failing fast. */
	protected void join() {
		this.broker.join(QUEUE, WAIT, false);
		this.worker.join(WAIT);
	}

	/** An ordered map that accepts {@code null} values, unlike {@code Map.of}. */
	protected static Map<String, Object> options(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
