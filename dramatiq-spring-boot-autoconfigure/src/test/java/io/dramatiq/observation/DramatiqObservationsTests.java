package io.dramatiq.observation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.QueueNotFoundException;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The observations' names, tags, conventions and errors, seen through Micrometer's test
 * registry.
 */
class DramatiqObservationsTests {

	private final TestObservationRegistry registry = TestObservationRegistry.create();

	private final StubBroker broker = new StubBroker();

	private Worker worker;

	@AfterEach
	void stop() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(10));
		}
	}

	private void startWorker() {
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults().withThreads(1).withWorkerTimeout(Duration.ofMillis(50)));
		this.worker.setObservationRegistry(this.registry);
		this.worker.start();
	}

	@Test
	void sendAndProcessAreObservedWithTheirNamesAndTags() {
		// Given an observed broker and worker
		this.broker.setObservationRegistry(this.registry);
		this.broker.declareActor(new ActorDefinition("count_words", "words", 0, Map.of(), (args, kwargs) -> null));
		startWorker();
		// When I send a delayed message and it runs
		Message sent = this.broker.enqueue(Message.create("words", "count_words", List.of(), Map.of(), Map.of()),
				Duration.ofMillis(10));
		this.broker.join("words", Duration.ofSeconds(10));
		this.worker.join(Duration.ofSeconds(10));
		// I expect one send and one run, tagged with the actor and the canonical queue
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("dramatiq.send", 1)
			.hasNumberOfObservationsWithNameEqualTo("dramatiq.process", 1)
			.hasObservationWithNameEqualTo("dramatiq.send")
			.that()
			.hasContextualNameEqualTo("count_words send")
			.hasLowCardinalityKeyValue("actor_name", "count_words")
			.hasLowCardinalityKeyValue("queue_name", "words")
			.hasHighCardinalityKeyValue("message_id", sent.messageId())
			.hasBeenStopped()
			.doesNotHaveError();
		assertThat(this.registry).hasObservationWithNameEqualTo("dramatiq.process")
			.that()
			.hasContextualNameEqualTo("count_words process")
			.hasLowCardinalityKeyValue("actor_name", "count_words")
			.hasLowCardinalityKeyValue("queue_name", "words")
			.hasHighCardinalityKeyValue("message_id", sent.messageId())
			.hasBeenStopped()
			.doesNotHaveError();
	}

	@Test
	void failingActorAndFailingEnqueueRecordTheirErrors() {
		// Given an observed broker and worker, and an actor that fails
		this.broker.setObservationRegistry(this.registry);
		this.broker.declareActor(new ActorDefinition("boom", "default", 0, Map.of(), (args, kwargs) -> {
			throw new IllegalStateException("boom");
		}));
		startWorker();
		// When I send it a message, and another to a queue that was never declared
		this.broker.enqueue(Message.create("default", "boom", List.of(), Map.of(), Map.of()));
		this.broker.join("default", Duration.ofSeconds(10), false);
		this.worker.join(Duration.ofSeconds(10));
		assertThatExceptionOfType(QueueNotFoundException.class)
			.isThrownBy(() -> this.broker.enqueue(Message.create("nowhere", "ghost", List.of(), Map.of(), Map.of())));
		// I expect the run and the enqueue to record their errors
		assertThat(this.registry).hasObservationWithNameEqualTo("dramatiq.process")
			.that()
			.hasError()
			.assertThatError()
			.hasMessage("boom");
		assertThat(this.registry).hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts)
			.filteredOn((context) -> context instanceof DramatiqSendContext send
					&& send.getMessage().actorName().equals("ghost"))
			.singleElement()
			.satisfies((context) -> assertThat(context.getError()).isInstanceOf(QueueNotFoundException.class)));
	}

	@Test
	void conventionsGivenToTheBrokerAndTheWorkerReplaceTheDefaults() {
		// Given conventions that add a tag
		this.broker.setObservationRegistry(this.registry);
		this.broker.setSendObservationConvention(new DefaultDramatiqSendObservationConvention() {

			@Override
			public KeyValues getLowCardinalityKeyValues(DramatiqSendContext context) {
				return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
			}

		});
		this.broker.declareActor(new ActorDefinition("count_words", "default", 0, Map.of(), (args, kwargs) -> null));
		startWorker();
		this.worker.setProcessObservationConvention(new DefaultDramatiqProcessObservationConvention() {

			@Override
			public String getName() {
				return "jobs.run";
			}

		});
		// When a message is sent and runs
		this.broker.enqueue(Message.create("default", "count_words", List.of(), Map.of(), Map.of()));
		this.broker.join("default", Duration.ofSeconds(10));
		this.worker.join(Duration.ofSeconds(10));
		// I expect the conventions' names and tags
		assertThat(this.registry).hasObservationWithNameEqualTo("dramatiq.send")
			.that()
			.hasLowCardinalityKeyValue("tenant", "acme")
			.hasLowCardinalityKeyValue("actor_name", "count_words");
		assertThat(this.registry).hasObservationWithNameEqualTo("jobs.run")
			.that()
			.hasLowCardinalityKeyValue("actor_name", "count_words");
	}

	@Test
	void sendAllObservesEachMessageAndRecordsAFailedWriteOnAll() {
		// Given two messages
		List<Message> messages = List.of(Message.create("default", "a", List.of(), Map.of(), Map.of()),
				Message.create("default", "b", List.of(), Map.of(), Map.of()));
		// When they are written together, once with success and once with a failure
		List<Message> written = DramatiqObservations.sendAll(this.registry, null, messages, "rabbitmq", (all) -> all);
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> DramatiqObservations.sendAll(this.registry, null, messages, "rabbitmq", (all) -> {
				throw new IllegalStateException("connection lost");
			}));
		// I expect a send observation per message and per write, the last two with the
		// error
		assertThat(written).isEqualTo(messages);
		assertThat(this.registry).hasNumberOfObservationsWithNameEqualTo("dramatiq.send", 4)
			.hasHandledContextsThatSatisfy((contexts) -> assertThat(contexts).extracting((context) -> {
				Throwable error = context.getError();
				return ((DramatiqSendContext) context).getMessage().actorName() + " "
						+ ((error != null) ? error.getMessage() : "ok");
			}).containsExactly("a ok", "b ok", "a connection lost", "b connection lost"));
	}

}
