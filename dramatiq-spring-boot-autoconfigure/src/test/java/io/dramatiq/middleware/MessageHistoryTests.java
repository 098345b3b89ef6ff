package io.dramatiq.middleware;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MessageHistory}: what happened to each message, the last failures with
 * their tracebacks, both bounded, and the messages whose actor runs.
 */
class MessageHistoryTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final StubBroker broker = new StubBroker();

	private Worker worker;

	@AfterEach
	void stop() {
		if (this.worker != null) {
			this.worker.stop();
		}
	}

	private MessageHistory start(int messages, int failures) {
		MessageHistory history = new MessageHistory(messages, failures, java.time.Clock.systemUTC());
		this.broker.addMiddleware(history);
		this.broker.addMiddleware(new Retries());
		this.broker.declareActor(new ActorDefinition("work", "default", 0, Map.of(), (args, kwargs) -> {
			if ("fail".equals(args.get(0))) {
				throw new IllegalStateException("failed on " + args.get(0));
			}
			return null;
		}));
		this.worker = new Worker(this.broker, WorkerOptions.defaults().withWorkerTimeout(Duration.ofMillis(20)));
		this.worker.start();
		return history;
	}

	private Message send(String arg) {
		return this.broker.enqueue(Message.create("default", "work", List.of(arg), Map.of(), Map.of("max_retries", 0)));
	}

	/**
	 * Send a message and wait until the history saw it succeed or dead-lettered.
	 */
	private Message sendAndSettle(MessageHistory history, String arg) {
		Message message = send(arg);
		await().atMost(TIMEOUT).until(() -> {
			List<MessageHistory.Event> events = history.events(message.messageId());
			return !events.isEmpty()
					&& List.of("succeeded", "dead-lettered").contains(events.get(events.size() - 1).event());
		});
		return message;
	}

	@Test
	void messageThatFailsHasItsHistoryAndItsFailureRemembered() {
		// Given a history on a broker whose actor fails on "fail"
		MessageHistory history = start(10, 10);
		// When one message succeeds and another fails for good
		Message ok = sendAndSettle(history, "ok");
		Message failing = sendAndSettle(history, "fail");
		// I expect each one's history, and the failure with its reason and traceback
		assertThat(history.events(ok.messageId())).extracting(MessageHistory.Event::event)
			.containsExactly("enqueued", "started", "succeeded");
		assertThat(history.events(failing.messageId())).extracting(MessageHistory.Event::event)
			.containsExactly("enqueued", "started", "failed", "dead-lettered");
		assertThat(history.failures()).singleElement().satisfies((failure) -> {
			assertThat(failure.message().messageId()).isEqualTo(failing.messageId());
			assertThat(failure.type()).isEqualTo(IllegalStateException.class.getName());
			assertThat(failure.reason()).isEqualTo("java.lang.IllegalStateException: failed on fail");
			assertThat(failure.traceback()).contains("at io.dramatiq.middleware.MessageHistoryTests");
		});
		assertThat(history.busy()).isZero();
	}

	@Test
	void historyForgetsTheOldestMessagesAndFailures() {
		MessageHistory history = start(2, 1);
		// one after the other, so that the first is the least recently active
		Message first = sendAndSettle(history, "fail");
		sendAndSettle(history, "fail");
		Message last = sendAndSettle(history, "fail");
		assertThat(history.messageIds()).hasSize(2).doesNotContain(first.messageId());
		assertThat(history.events(first.messageId())).isEmpty();
		assertThat(history.failures()).singleElement()
			.satisfies((failure) -> assertThat(failure.message().messageId()).isEqualTo(last.messageId()));
	}

	@Test
	void negativeBoundsAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new MessageHistory(-1, 0, java.time.Clock.systemUTC()))
			.withMessageContaining("'maxMessages' and 'maxFailures' must be at least 0");
	}

}
