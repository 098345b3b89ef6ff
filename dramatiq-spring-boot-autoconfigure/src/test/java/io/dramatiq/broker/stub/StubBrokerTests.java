package io.dramatiq.broker.stub;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.AbstractBrokerTests;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.QueueJoinTimeoutException;
import io.dramatiq.broker.QueueNotFoundException;
import io.dramatiq.message.Message;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The broker contract on the stub broker, plus the stub's own test helpers (spec C80).
 */
class StubBrokerTests extends AbstractBrokerTests {

	@Override
	protected Broker createBroker() {
		return new StubBroker();
	}

	@Override
	protected void publishRaw(String queueName, byte[] body) {
		((StubBroker) this.broker).enqueueRaw(queueName, body);
	}

	private StubBroker stub() {
		return (StubBroker) this.broker;
	}

	@Test
	void enqueueOnAnUndeclaredQueueFails() {
		Message message = Message.create("nowhere", "f", List.of(), Map.of(), Map.of());
		assertThatExceptionOfType(QueueNotFoundException.class).isThrownBy(() -> this.broker.enqueue(message))
			.withMessageContaining("'nowhere'");
	}

	@Test
	void declaringAQueueAlsoDeclaresItsDelayQueue() {
		this.broker.declareQueue(this.queue);
		assertThat(this.broker.queueNames()).contains(this.queue);
		this.broker.consume(this.queue + ".DQ", 1, Duration.ofMillis(10)).close();
	}

	@Test
	void joinWaitsForDelayedMessagesToo() {
		declare("later", 0, (name, args, kwargs) -> {
		});
		Worker worker = startWorker(WorkerOptions.defaults().withThreads(1));
		this.broker.enqueue(Message.create(this.queue, "later", List.of(), Map.of(), Map.of()), Duration.ofMillis(300));
		stub().join(this.queue, Duration.ofSeconds(10));
		worker.join();
		assertThat(this.broker.queueCounts(this.queue)).isEqualTo(new Broker.QueueCounts(0, 0, 0));
	}

	@Test
	void joinTimesOutWhenNoWorkerRuns() {
		declare("idle", 0, (name, args, kwargs) -> {
		});
		send("idle", List.of(), Map.of());
		assertThatExceptionOfType(QueueJoinTimeoutException.class)
			.isThrownBy(() -> stub().join(this.queue, Duration.ofMillis(200)));
	}

	@Test
	void joinWithFailFastRethrowsTheDeadLetteredMessagesException() {
		// Given an actor that fails with a checked exception, and failures made final
		this.broker.addMiddleware(new Middleware() {
			@Override
			public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
				if (exception != null) {
					message.fail();
				}
			}
		});
		this.broker.declareActor(new ActorDefinition("fetch", this.queue, 0, Map.of(), (args, kwargs) -> {
			throw new IOException("no such host: " + args.get(0));
		}));
		startWorker(WorkerOptions.defaults().withThreads(1));
		send("fetch", List.of("foo"), Map.of());
		// I expect join to rethrow the actor's own exception in the test thread
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> stub().join(this.queue, Duration.ofSeconds(10)))
			.withMessage("no such host: foo");
		// and the dead letter to be listed for its queue, with its exception
		assertThat(stub().deadLetters(this.queue)).singleElement()
			.satisfies((letter) -> assertThat(letter.message().actorName()).isEqualTo("fetch"));
		assertThat(stub().deadLetters("other")).isEmpty();
		// and join without fail-fast to just wait
		stub().join(this.queue, Duration.ofSeconds(10), false);
	}

	@Test
	void flushAllClearsDeadLetters() {
		declare("known", 0, (name, args, kwargs) -> {
		});
		startWorker(WorkerOptions.defaults().withThreads(1));
		send("unknown", List.of(), Map.of());
		stub().join(this.queue, Duration.ofSeconds(10), false);
		assertThat(stub().deadLetters()).hasSize(1);
		stub().flushAll();
		assertThat(stub().deadLetters()).isEmpty();
	}

	@Test
	void joinAllWaitsForMessagesOneActorSendsToAnotherQueue() {
		// Given an actor on this queue that sends, 200 ms later, to an actor on another
		String other = this.queue + "-other";
		List<String> done = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.broker.declareActor(new ActorDefinition("second", other, 0, Map.of(), (args, kwargs) -> {
			done.add("second");
			return null;
		}));
		this.broker.declareActor(new ActorDefinition("first", this.queue, 0, Map.of(), (args, kwargs) -> {
			this.broker.enqueue(Message.create(other, "second", List.of(), Map.of(), Map.of()), Duration.ofMillis(200));
			done.add("first");
			return null;
		}));
		startWorker(WorkerOptions.defaults().withThreads(2));
		send("first", List.of(), Map.of());
		// When joining every queue, I expect both actors to have run
		stub().joinAll(Duration.ofSeconds(10), true);
		assertThat(done).containsExactly("first", "second");
	}

	@Test
	void joinAllFailsFastOnAnyQueueAndNamesTheQueuesThatDidNotDrain() {
		declare("idle", 0, (name, args, kwargs) -> {
		});
		send("idle", List.of(), Map.of());
		assertThatExceptionOfType(QueueJoinTimeoutException.class)
			.isThrownBy(() -> stub().joinAll(Duration.ofMillis(200), true))
			.withMessageContaining("'" + this.queue + "'");
		stub().flushAll();
		startWorker(WorkerOptions.defaults().withThreads(1));
		send("unknown", List.of(), Map.of());
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> stub().joinAll(Duration.ofSeconds(10), true));
	}

}
