package io.dramatiq.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The dead letters ({@code ns:Q.XQ} and {@code ns:Q.XQ.msgs}) of the real Redis at
 * 127.0.0.1:6379: listing, requeueing (the message then runs, with its id) and purging.
 */
class RedisDeadLetterQueuesIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String QUEUE = "emails";

	private final AtomicBoolean failing = new AtomicBoolean(true);

	private final List<String> runs = new CopyOnWriteArrayList<>();

	private RedisTestSupport redis;

	private RedisBroker broker;

	private Worker worker;

	private DeadLetterQueues deadLetters;

	@BeforeEach
	void startWorker() {
		this.redis = RedisTestSupport.connect();
		this.broker = new RedisBroker(this.redis.connectionFactory(), new JsonMessageEncoder(),
				RedisBrokerOptions.defaults().withNamespace(this.redis.newNamespace()));
		this.broker.addMiddleware(new CurrentMessage());
		this.broker.addMiddleware(new Retries());
		this.broker.declareActor(new ActorDefinition("send_email", QUEUE, 0, Map.of(), (args, kwargs) -> {
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
	void stopWorker() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(5));
		}
		if (this.broker != null) {
			this.broker.close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	@Test
	void deadLetterIsListedThenRequeuedWithItsIdAndRuns() {
		Message first = deadLetter("a");
		Message second = deadLetter("b");
		Message third = deadLetter("c");
		assertThat(this.deadLetters.list(QUEUE, 0, 10)).extracting(Message::messageId)
			.containsExactly(first.messageId(), second.messageId(), third.messageId());
		assertThat(this.deadLetters.list(QUEUE, 1, 1)).extracting(Message::messageId)
			.containsExactly(second.messageId());
		this.failing.set(false);
		assertThat(this.deadLetters.requeue(QUEUE, second.messageId())).isTrue();
		await().atMost(TIMEOUT).until(() -> this.runs.size() == 4);
		assertThat(this.runs).last().isEqualTo(second.messageId());
		assertThat(this.deadLetters.list(QUEUE, 0, 10)).extracting(Message::messageId)
			.containsExactly(first.messageId(), third.messageId());
		assertThat(this.deadLetters.requeue(QUEUE, second.messageId())).isFalse();
	}

	@Test
	void requeueAllRunsEveryDeadLetterAndPurgeDropsThem() {
		deadLetter("a");
		deadLetter("b");
		this.failing.set(false);
		assertThat(this.deadLetters.requeueAll(QUEUE)).isEqualTo(2);
		await().atMost(TIMEOUT).until(() -> this.runs.size() == 4);
		assertThat(this.broker.queueCounts(QUEUE).dead()).isZero();
		this.failing.set(true);
		deadLetter("c");
		assertThat(this.deadLetters.purge(QUEUE)).isOne();
		assertThat(this.broker.queueCounts(QUEUE).dead()).isZero();
	}

	@Test
	void unknownQueueIsReported() {
		assertThatExceptionOfType(QueueNotFoundException.class).isThrownBy(() -> this.deadLetters.list("nope", 0, 10));
	}

	private Message deadLetter(String address) {
		long dead = this.broker.queueCounts(QUEUE).dead();
		Message sent = this.broker
			.enqueue(Message.create(QUEUE, "send_email", List.of(address), Map.of(), Map.of("max_retries", 0)));
		await().atMost(TIMEOUT).until(() -> this.broker.queueCounts(QUEUE).dead() == dead + 1);
		return sent;
	}

}
