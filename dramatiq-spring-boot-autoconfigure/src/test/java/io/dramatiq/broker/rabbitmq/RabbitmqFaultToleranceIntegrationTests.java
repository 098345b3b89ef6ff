package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.broker.Broker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker and worker under faults on the real RabbitMQ: the server closes this test's
 * connections (and only this test's: others may share the server) in the middle of a run,
 * as a broker restart or a network failure would.
 */
class RabbitmqFaultToleranceIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static RabbitmqAdmin admin;

	private final String connectionName = "dramatiq-fault-" + UUID.randomUUID().toString().substring(0, 8);

	private final Map<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();

	private CachingConnectionFactory connectionFactory;

	private RabbitmqBroker broker;

	private Worker worker;

	private String queue;

	@BeforeEach
	void createBroker() {
		// skips the test when RabbitMQ does not answer
		admin = RabbitmqAdmin.get();
		this.queue = RabbitmqAdmin.uniqueQueue();
		this.connectionFactory = RabbitmqAdmin.connectionFactory(this.connectionName);
		this.broker = new RabbitmqBroker(this.connectionFactory, new JsonMessageEncoder());
	}

	@AfterEach
	void cleanUp() throws IOException {
		if (this.broker == null) {
			return;
		}
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(5));
		}
		this.broker.close();
		this.connectionFactory.destroy();
		admin.deleteQueues(this.queue);
	}

	private void declare(ActorFunction work) {
		this.broker.declareActor(new ActorDefinition("work", this.queue, 0, Map.of(), (args, kwargs) -> {
			int id = ((Number) args.get(0)).intValue();
			Object result = work.call(args, kwargs);
			this.runs.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
			return result;
		}));
	}

	private void startWorker(int threads) {
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults()
					.withThreads(threads)
					.withWorkerTimeout(Duration.ofMillis(100))
					.withRestartDelay(Duration.ofMillis(200)));
		this.worker.start();
	}

	private Message work(int id) {
		return Message.create(this.queue, "work", List.of(id), Map.of(), Map.of());
	}

	/**
	 * Close, from the server, this test's publisher connection (Spring names it after the
	 * factory's connection name, with a {@code .publisher} suffix) and consumer
	 * connections.
	 */
	private List<String> closeOurConnections() {
		return Rabbitmqctl.closeConnections(
				(name) -> name.startsWith(this.connectionName) || name.equals("dramatiq consumer of " + this.queue)
						|| name.equals("dramatiq consumer of " + this.queue + ".DQ"));
	}

	@Test
	void everyMessageRunsAtLeastOnceWhenTheServerClosesTheConnectionsMidRun() {
		// Given a slow-ish actor, 200 messages queued and 20 delayed ones
		declare((args, kwargs) -> {
			// simulated work, so that messages are in flight when the connections close
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			return null;
		});
		List<Message> batch = new ArrayList<>();
		for (int id = 0; id < 200; id++) {
			batch.add(work(id));
		}
		this.broker.enqueueAll(batch);
		for (int id = 200; id < 220; id++) {
			this.broker.enqueue(work(id), Duration.ofMillis(500));
		}
		startWorker(4);
		// When the server closes every connection of ours in the middle of the run
		await().atMost(WAIT).until(() -> this.runs.size() >= 50);
		assertThat(closeOurConnections()).containsExactlyInAnyOrder(this.connectionName + ".publisher",
				"dramatiq consumer of " + this.queue, "dramatiq consumer of " + this.queue + ".DQ");
		// and the same broker then enqueues more messages
		for (int id = 220; id < 300; id++) {
			this.broker.enqueue(work(id));
		}
		// I expect every message to have run at least once, and the queues to end empty
		await().atMost(WAIT).until(() -> this.runs.size() == 300);
		assertThat(this.runs.keySet()).hasSize(300).allMatch((id) -> id >= 0 && id < 300);
		await().atMost(WAIT).until(() -> this.broker.queueCounts(this.queue).equals(new Broker.QueueCounts(0, 0, 0)));
		assertThat(this.worker.join(WAIT)).isTrue();
	}

	@Test
	void messageRunningWhenTheConnectionDiesIsDeliveredAgainNotAcked() throws Exception {
		// Given an actor that blocks on its first run
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		declare((args, kwargs) -> {
			if (started.getCount() > 0) {
				started.countDown();
				release.await(30, TimeUnit.SECONDS);
			}
			return null;
		});
		startWorker(1);
		this.broker.enqueue(work(1));
		assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
		// When the connection dies while it runs, and then it finishes
		assertThat(closeOurConnections()).contains("dramatiq consumer of " + this.queue);
		release.countDown();
		// I expect its ack to fail and RabbitMQ to deliver it again: it runs twice
		await().atMost(WAIT).until(() -> this.runs.containsKey(1) && this.runs.get(1).get() == 2);
		await().atMost(WAIT).until(() -> this.broker.queueCounts(this.queue).equals(new Broker.QueueCounts(0, 0, 0)));
	}

	@Test
	void messageStillRunningIsNotAckedWithTheMessagesThatFinishedAroundIt() throws Exception {
		// Given an actor that blocks on message 1000 of 2000 and returns at once for the
		// others
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		declare((args, kwargs) -> {
			if (((Number) args.get(0)).intValue() == 1000) {
				started.countDown();
				release.await(30, TimeUnit.SECONDS);
			}
			return null;
		});
		List<Message> batch = new ArrayList<>();
		for (int id = 0; id < 2000; id++) {
			batch.add(work(id));
		}
		this.broker.enqueueAll(batch);
		// When 8 threads run the other 1,999 (acks of messages that finish together
		// are written together) while message 1000 runs
		startWorker(8);
		assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
		await().atMost(WAIT).until(() -> this.runs.size() == 1999);
		await().atMost(WAIT).until(() -> this.broker.queueCounts(this.queue).ready() == 0);
		// and the worker stops before message 1000 finishes
		this.worker.stop(Duration.ofMillis(100));
		this.worker = null;
		release.countDown();
		// I expect message 1000 alone to be back in the queue: no ack covered it
		await().atMost(WAIT).until(() -> this.broker.queueCounts(this.queue).equals(new Broker.QueueCounts(1, 0, 0)));
	}

	@Test
	void consumerDeclaresItsQueueAgainWhenTheQueueIsDeleted() throws IOException {
		// Given a worker consuming the queue
		declare((args, kwargs) -> null);
		startWorker(2);
		this.broker.enqueue(work(1));
		await().atMost(WAIT).until(() -> this.runs.size() == 1);
		// When the queues are deleted on the server, which cancels the consumers
		admin.deleteQueues(this.queue);
		// I expect the consumers to declare them again and go on
		await().atMost(WAIT).ignoreExceptions().until(() -> admin.consumerCount(this.queue) == 1);
		this.broker.enqueue(work(2));
		await().atMost(WAIT).until(() -> this.runs.size() == 2);
	}

}
