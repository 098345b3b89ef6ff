package io.dramatiq.middleware;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.Delivery;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.Message;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Callbacks: {@code on_success} and {@code on_failure} with Python's argument shapes,
 * remote callback actors and unknown ones (spec §8.5, C62, C63).
 */
class CallbacksTests extends AbstractMiddlewareTests {

	private final List<List<Object>> callbacks = new CopyOnWriteArrayList<>();

	CallbacksTests() {
		this.broker.addMiddleware(new Callbacks());
		this.broker.addMiddleware(new Retries());
		declare("cb", Map.of(), (args, kwargs) -> this.callbacks.add(args));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> envelope(List<Object> args) {
		return (Map<String, Object>) args.get(0);
	}

	@Test
	void onSuccessReceivesTheEnvelopeAndTheResult() {
		// Given an actor that adds and notifies 'cb' on success
		declare("add", Map.of("on_success", "cb"), (args, kwargs) -> (Integer) args.get(0) + (Integer) args.get(1));
		startWorker(1);
		Message sent = send("add", List.of(1, 2), Map.of());
		join();
		// I expect 'cb' to receive [<envelope>, <result>]
		assertThat(this.callbacks).singleElement().satisfies((args) -> {
			assertThat(args).hasSize(2);
			assertThat(envelope(args)).containsEntry("queue_name", "default")
				.containsEntry("actor_name", "add")
				.containsEntry("args", List.of(1, 2))
				.containsEntry("kwargs", Map.of())
				.containsEntry("options", Map.of())
				.containsEntry("message_id", sent.messageId())
				.containsEntry("message_timestamp", sent.messageTimestamp());
			assertThat(envelope(args).keySet()).containsExactly("queue_name", "actor_name", "args", "kwargs", "options",
					"message_id", "message_timestamp");
			assertThat(args.get(1)).isEqualTo(3);
		});
	}

	@Test
	void onFailureReceivesTheTypeAndTextAfterEveryFailedAttempt() {
		// Given an actor that always fails, retried once, notifying 'cb' on failure
		declare("boom", Map.of("on_failure", "cb", "max_retries", 1, "min_backoff", 10L), (args, kwargs) -> {
			throw new IllegalStateException("boom é");
		});
		startWorker(1);
		Message sent = send("boom", List.of(), Map.of());
		join();
		// I expect two notifications, one per attempt, with the options Retries updated
		assertThat(this.callbacks).hasSize(2);
		for (int i = 0; i < 2; i++) {
			List<Object> args = this.callbacks.get(i);
			assertThat(envelope(args)).containsEntry("message_id", sent.messageId());
			@SuppressWarnings("unchecked")
			Map<String, Object> options = (Map<String, Object>) envelope(args).get("options");
			assertThat(options).containsEntry("retries", i + 1).containsKeys("traceback", "requeue_timestamp");
			assertThat(args.get(1)).isEqualTo(Map.of("type", "IllegalStateException", "message", "boom é"));
		}
	}

	@Test
	void messageOptionWinsOverTheActorsWhenTruthy() {
		List<List<Object>> other = new CopyOnWriteArrayList<>();
		declare("other", Map.of(), (args, kwargs) -> other.add(args));
		declare("ok", Map.of("on_success", "cb"), (args, kwargs) -> "fine");
		startWorker(1);
		send("ok", List.of(), Map.of("on_success", "other"));
		send("ok", List.of(), Map.of("on_success", ""));
		join();
		assertThat(other).hasSize(1);
		assertThat(this.callbacks).hasSize(1);
	}

	@Test
	void callbackToARemoteActorIsSentToItsQueue() {
		// Given 'py_cb', an actor of a Python service consuming 'pyq', registered as
		// remote
		this.broker.actors().registerRemote("py_cb", "pyq");
		this.broker.declareQueue("pyq");
		declare("add", Map.of(), (args, kwargs) -> 42);
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults()
					.withThreads(1)
					.withWorkerTimeout(Duration.ofMillis(50))
					.withQueues(Set.of(QUEUE)));
		this.worker.start();
		// When a message asks for it on success
		Message sent = send("add", List.of(), Map.of("on_success", "py_cb"));
		join();
		// I expect a new message for 'py_cb' on 'pyq'
		assertThat(this.broker.queueCounts("pyq").ready()).isEqualTo(1);
		try (Consumer consumer = this.broker.consume("pyq", 1, Duration.ofSeconds(5))) {
			Delivery delivery = consumer.next();
			Message callback = delivery.message();
			assertThat(callback.queueName()).isEqualTo("pyq");
			assertThat(callback.actorName()).isEqualTo("py_cb");
			assertThat(callback.options()).isEmpty();
			assertThat(callback.messageId()).isNotEqualTo(sent.messageId());
			assertThat(envelope(callback.args())).containsEntry("message_id", sent.messageId());
			assertThat(callback.args().get(1)).isEqualTo(42);
			consumer.ack(delivery);
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void unknownCallbackActorIsLoggedAndTheOriginalAcked() {
		declare("add", Map.of(), (args, kwargs) -> 42);
		startWorker(1);
		Message sent = send("add", List.of(), Map.of("on_success", "py_cb"));
		join();
		assertThat(this.broker.deadLetters()).isEmpty();
		assertThat(this.broker.queueCounts(QUEUE).ready()).isZero();
		assertThat(this.logs.messages(Level.ERROR)).singleElement()
			.asString()
			.contains("Actor 'py_cb'", "on_success", sent.messageId(), "registerRemote");
	}

	@Test
	void skippedMessageTriggersNoCallback() {
		this.broker.addMiddleware(new Middleware() {
			@Override
			public void beforeProcessMessage(io.dramatiq.broker.Broker broker,
					io.dramatiq.broker.MessageProxy message) {
				if (message.actorName().equals("skipped")) {
					message.fail();
					throw new SkipMessageException("skipped on purpose");
				}
			}
		});
		declare("skipped", Map.of("on_failure", "cb", "on_success", "cb"), (args, kwargs) -> null);
		startWorker(1);
		send("skipped", List.of(), Map.of());
		join();
		assertThat(this.callbacks).isEmpty();
		assertThat(this.broker.deadLetters(QUEUE)).hasSize(1);
	}

}
