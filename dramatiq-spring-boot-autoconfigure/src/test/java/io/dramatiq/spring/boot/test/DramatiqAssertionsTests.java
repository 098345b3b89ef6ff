package io.dramatiq.spring.boot.test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.Retries;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.dramatiq.spring.boot.test.DramatiqAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The dead-letter assertions pass on what the stub broker holds and fail with a message
 * that lists it.
 */
class DramatiqAssertionsTests {

	private final StubBroker broker = new StubBroker();

	private Worker worker;

	@BeforeEach
	void deadLetterOneMessage() {
		// Given an actor with no retries that fails on every message, and one message
		this.broker.addMiddleware(new Retries());
		this.broker
			.declareActor(new ActorDefinition("fetch", "assertions", 0, Map.of("max_retries", 0), (args, kwargs) -> {
				throw new IOException("no such host: " + args.get(0));
			}));
		this.worker = new Worker(this.broker, WorkerOptions.defaults().withThreads(1));
		this.worker.start();
		this.broker.enqueue(Message.create("assertions", "fetch", List.of("foo"), Map.of(), Map.of()));
		this.broker.joinAll(Duration.ofSeconds(10), false);
	}

	@AfterEach
	void stop() {
		this.worker.stop();
	}

	@Test
	void deadLetterOfAnActorIsFoundWithItsArgsRetriesAndException() {
		assertThat(this.broker).hasDeadLetter("assertions", "fetch")
			.hasArgs("foo")
			.hasRetries(0)
			.hasExceptionInstanceOf(IOException.class)
			.exception()
			.hasMessage("no such host: foo");
		assertThat(this.broker).deadLetters("assertions").hasSize(1);
	}

	@Test
	void failuresListTheDeadLettersFound() {
		assertThatExceptionOfType(AssertionError.class).isThrownBy(() -> assertThat(this.broker).hasNoDeadLetters())
			.withMessageContaining("Expected no dead letters but found 1")
			.withMessageContaining("fetch[foo] on 'assertions'")
			.withMessageContaining("no such host: foo");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.broker).hasDeadLetter("assertions", "other"))
			.withMessageContaining("Expected a dead letter of actor 'other' on queue 'assertions' but found only:");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.broker).hasDeadLetter("assertions", "fetch").hasRetries(3))
			.withMessageContaining("to have been retried 3 times but it was retried 0 times");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> assertThat(this.broker).hasDeadLetter("assertions", "fetch").hasArgs("bar"))
			.withMessageContaining("to have args [bar] but had [foo]");
	}

}
