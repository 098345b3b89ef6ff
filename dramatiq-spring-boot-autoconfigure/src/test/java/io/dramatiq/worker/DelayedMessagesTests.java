package io.dramatiq.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.Retries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Delayed messages and retries run when they are due, not at the consumer's next timeout,
 * on the stub broker with the default worker timeout (1 s).
 */
class DelayedMessagesTests {

	private final StubBroker broker = new StubBroker();

	private Worker worker;

	@AfterEach
	void stopWorker() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void twoRetriesAtAHundredMillisecondBackoffFinishWellUnderASecond() {
		// Given an actor that fails twice, then succeeds, retried after 100 ms to 200 ms
		this.broker.addMiddleware(new Retries());
		List<Long> attempts = new CopyOnWriteArrayList<>();
		this.broker.declareActor(new ActorDefinition("flaky", "default", 0,
				Map.of("max_retries", 2, "min_backoff", 100L, "max_backoff", 200L), (args, kwargs) -> {
					attempts.add(System.nanoTime());
					if (attempts.size() < 3) {
						throw new IllegalStateException("attempt " + attempts.size());
					}
					return null;
				}));
		this.worker = new Worker(this.broker, WorkerOptions.defaults().withThreads(2));
		this.worker.start();
		// When I send it a message
		this.broker.enqueue(Message.create("default", "flaky", List.of(), Map.of(), Map.of()));
		// I expect it to succeed on its third attempt, the two backoffs (200 ms to 400 ms
		// together) adding well under a second, not a worker timeout (1 s) each
		this.broker.join("default", Duration.ofSeconds(20));
		this.worker.join(Duration.ofSeconds(20));
		assertThat(attempts).hasSize(3);
		assertThat(this.broker.deadLetters()).isEmpty();
		assertThat(Duration.ofNanos(attempts.get(2) - attempts.get(0))).isLessThan(Duration.ofSeconds(1));
	}

}
