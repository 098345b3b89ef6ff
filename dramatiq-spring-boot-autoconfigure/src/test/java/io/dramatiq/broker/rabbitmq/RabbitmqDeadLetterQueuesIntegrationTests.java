package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.DeadLetterQueues;
import io.dramatiq.broker.QueueNotFoundException;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.CurrentMessage;
import io.dramatiq.middleware.Retries;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The dead-letter queues {@code Q.XQ} of the real RabbitMQ at 127.0.0.1:5672: listing,
 * requeueing (the message then runs) and purging.
 */
class RabbitmqDeadLetterQueuesIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final String queue = RabbitmqAdmin.uniqueQueue();

	private final AtomicBoolean failing = new AtomicBoolean(true);

	private final List<String> runs = new CopyOnWriteArrayList<>();

	private RabbitmqAdmin admin;

	private CachingConnectionFactory factory;

	private RabbitmqBroker broker;

	private Worker worker;

	private DeadLetterQueues deadLetters;

	@BeforeEach
	void startWorker() {
		this.admin = RabbitmqAdmin.get();
		this.factory = RabbitmqAdmin.connectionFactory("dramatiq-dead-letter-tests");
		this.broker = new RabbitmqBroker(this.factory, new JsonMessageEncoder());
		this.broker.addMiddleware(new CurrentMessage());
		this.broker.addMiddleware(new Retries());
		this.broker.declareActor(new ActorDefinition("send_email", this.queue, 0, Map.of(), (args, kwargs) -> {
			this.runs.add(CurrentMessage.get().orElseThrow().messageId());
			if (this.failing.get()) {
				throw new IllegalStateException("mail server down");
			}
			return null;
		}));
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults().withThreads(1).withWorkerTimeout(Duration.ofMillis(100)));
		this.worker.start();
		this.deadLetters = this.broker.deadLetterQueues().orElseThrow();
	}

	@AfterEach
	void stopWorker() throws IOException {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(5));
		}
		if (this.broker != null) {
			this.broker.close();
		}
		if (this.factory != null) {
			this.factory.destroy();
		}
		if (this.admin != null) {
			this.admin.deleteQueues(this.queue);
		}
	}

	@Test
	void deadLetterIsListedThenRequeuedWithItsIdAndRuns() {
		// Given three messages that failed and were dead-lettered
		Message first = deadLetter("a");
		Message second = deadLetter("b");
		Message third = deadLetter("c");
		// When I list them, twice, and page through them
		// I expect them in order, and still there
		assertThat(this.deadLetters.list(this.queue, 0, 10)).extracting(Message::messageId)
			.containsExactly(first.messageId(), second.messageId(), third.messageId());
		assertThat(this.deadLetters.list(this.queue, 1, 1)).extracting(Message::messageId)
			.containsExactly(second.messageId());
		assertThat(this.broker.queueCounts(this.queue).dead()).isEqualTo(3);
		// and when I requeue the second one once the actor works again
		this.failing.set(false);
		assertThat(this.deadLetters.requeue(this.queue, second.messageId())).isTrue();
		// I expect it to run, with its id, and the others to stay dead-lettered
		await().atMost(TIMEOUT).until(() -> this.runs.size() == 4);
		assertThat(this.runs).last().isEqualTo(second.messageId());
		assertThat(this.deadLetters.list(this.queue, 0, 10)).extracting(Message::messageId)
			.containsExactlyInAnyOrder(first.messageId(), third.messageId());
		assertThat(this.deadLetters.requeue(this.queue, second.messageId())).isFalse();
	}

	@Test
	void requeueAllRunsEveryDeadLetterAndPurgeDropsThem() {
		deadLetter("a");
		deadLetter("b");
		this.failing.set(false);
		assertThat(this.deadLetters.requeueAll(this.queue)).isEqualTo(2);
		await().atMost(TIMEOUT).until(() -> this.runs.size() == 4);
		assertThat(this.broker.queueCounts(this.queue).dead()).isZero();
		this.failing.set(true);
		deadLetter("c");
		assertThat(this.deadLetters.purge(this.queue)).isOne();
		assertThat(this.broker.queueCounts(this.queue).dead()).isZero();
	}

	@Test
	void unknownQueueIsReported() {
		assertThatExceptionOfType(QueueNotFoundException.class)
			.isThrownBy(() -> this.deadLetters.list(this.queue + "_nope", 0, 10));
	}

	private Message deadLetter(String address) {
		long dead = this.broker.queueCounts(this.queue).dead();
		Message sent = this.broker
			.enqueue(Message.create(this.queue, "send_email", List.of(address), Map.of(), Map.of("max_retries", 0)));
		await().atMost(TIMEOUT).until(() -> this.broker.queueCounts(this.queue).dead() == dead + 1);
		return sent;
	}

}
