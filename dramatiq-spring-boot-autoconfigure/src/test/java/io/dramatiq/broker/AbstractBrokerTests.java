package io.dramatiq.broker;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ArgumentBindingException;
import io.dramatiq.actor.ArgumentEncoder;
import io.dramatiq.actor.MethodActorFunction;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.Retries;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every broker must do, run against each of them: enqueue and consume, delay through
 * {@code Q.DQ}, dead-letter to {@code Q.XQ}, priority among prefetched messages, requeue
 * on shutdown, ack and nack. Subclasses create the broker and write raw bodies.
 */
public abstract class AbstractBrokerTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	protected Broker broker;

	protected String queue;

	private final List<Worker> workers = new CopyOnWriteArrayList<>();

	private final List<String> runs = new CopyOnWriteArrayList<>();

	/**
	 * Create a fresh broker; each test uses its own queue name.
	 * @return the broker
	 */
	protected abstract Broker createBroker();

	/**
	 * Write a raw body to a queue the way a foreign producer would.
	 * @param queueName the queue
	 * @param body the body
	 */
	protected abstract void publishRaw(String queueName, byte[] body);

	@BeforeEach
	void setUpBroker() {
		this.broker = createBroker();
		this.queue = "contract_" + UUID.randomUUID().toString().substring(0, 8);
	}

	@AfterEach
	void tearDownBroker() {
		for (Worker worker : this.workers) {
			worker.stop(Duration.ofSeconds(5));
		}
		if (this.broker == null) {
			// createBroker() skipped the test: no server to talk to
			return;
		}
		try {
			this.broker.flush(this.queue);
		}
		catch (RuntimeException ex) {
			// the queue may never have been declared
		}
		this.broker.close();
	}

	protected Worker startWorker(WorkerOptions options) {
		return startWorkerAsIs(options.withWorkerTimeout(Duration.ofMillis(100)));
	}

	private Worker startWorkerAsIs(WorkerOptions options) {
		Worker worker = new Worker(this.broker, options);
		this.workers.add(worker);
		worker.start();
		return worker;
	}

	protected void declare(String actorName, int priority, ActorRecorder recorder) {
		this.broker.declareActor(new ActorDefinition(actorName, this.queue, priority, Map.of(), (args, kwargs) -> {
			recorder.record(actorName, args, kwargs);
			return null;
		}));
	}

	protected Message send(String actorName, List<?> args, Map<String, ?> kwargs) {
		return this.broker.enqueue(Message.create(this.queue, actorName, args, kwargs, Map.of()));
	}

	@Test
	void enqueuedMessageRunsItsActorWithArgsAndKwargs() {
		// Given an actor on a fresh queue and a running worker
		declare("add", 0, (name, args, kwargs) -> this.runs.add(args + " " + kwargs));
		startWorker(WorkerOptions.defaults().withThreads(2));
		// When I send it a message
		send("add", List.of(1, 2), Map.of("x", "y"));
		// I expect the actor to run with its arguments and the queue to end up empty
		await().atMost(WAIT).until(() -> this.runs.size() == 1);
		assertThat(this.runs).containsExactly("[1, 2] {x=y}");
		await().atMost(WAIT).until(() -> this.broker.queueCounts(this.queue).ready() == 0);
	}

	@Test
	void enqueueAllEnqueuesEveryMessageWithTheEnqueueHooksOfEach() {
		// Given an actor, and a middleware that records what is enqueued
		List<String> enqueued = new CopyOnWriteArrayList<>();
		this.broker.addMiddleware(new Middleware() {
			@Override
			public void afterEnqueue(Broker broker, Message message, Duration delay) {
				enqueued.add(message.messageId());
			}
		});
		declare("add", 0, (name, args, kwargs) -> this.runs.add(String.valueOf(args)));
		// When I enqueue three messages at once
		List<Message> messages = List.of(Message.create(this.queue, "add", List.of(1), Map.of(), Map.of()),
				Message.create(this.queue, "add", List.of(2), Map.of(), Map.of()),
				Message.create(this.queue, "add", List.of(3), Map.of(), Map.of()));
		List<Message> result = this.broker.enqueueAll(messages);
		// I expect each to have been through the enqueue hooks, in order, and to be
		// queued
		assertThat(result).extracting(Message::messageId)
			.containsExactlyElementsOf(messages.stream().map(Message::messageId).toList());
		assertThat(enqueued).containsExactlyElementsOf(messages.stream().map(Message::messageId).toList());
		await().atMost(WAIT).until(() -> this.broker.queueCounts(this.queue).ready() == 3);
		// and a worker to run all three
		startWorker(WorkerOptions.defaults().withThreads(2));
		await().atMost(WAIT).until(() -> this.runs.size() == 3);
		assertThat(this.runs).containsExactlyInAnyOrder("[1]", "[2]", "[3]");
	}

	@Test
	void delayedMessageGoesThroughTheDelayQueueAndRunsNoEarlierThanItsEta() {
		List<Long> ranAt = new CopyOnWriteArrayList<>();
		declare("later", 0, (name, args, kwargs) -> ranAt.add(System.currentTimeMillis()));
		startWorker(WorkerOptions.defaults().withThreads(2));
		Message enqueued = this.broker.enqueue(Message.create(this.queue, "later", List.of(), Map.of(), Map.of()),
				Duration.ofMillis(500));
		assertThat(enqueued.queueName()).isEqualTo(this.queue + ".DQ");
		long eta = ((Number) enqueued.option("eta")).longValue();
		await().atMost(WAIT).until(() -> ranAt.size() == 1);
		assertThat(ranAt.get(0)).isGreaterThanOrEqualTo(eta);
		await().atMost(WAIT).until(() -> {
			Broker.QueueCounts counts = this.broker.queueCounts(this.queue);
			return counts.ready() == 0 && counts.delayed() == 0;
		});
	}

	@Test
	void delayedMessagesRunAtTheirEtaNotAtTheNextWorkerTimeout() {
		// Given an idle worker whose consumers wait up to 5 s for a message
		Map<Object, Long> ranAt = new ConcurrentHashMap<>();
		declare("later", 0, (name, args, kwargs) -> ranAt.put(args.get(0), System.currentTimeMillis()));
		startWorkerAsIs(WorkerOptions.defaults().withThreads(2).withWorkerTimeout(Duration.ofSeconds(5)));
		// When I send messages delayed by 1 s to 3 s
		Map<Object, Long> etas = new LinkedHashMap<>();
		for (int delay = 1000; delay <= 3000; delay += 500) {
			Message enqueued = this.broker.enqueue(
					Message.create(this.queue, "later", List.of(delay), Map.of(), Map.of()), Duration.ofMillis(delay));
			etas.put(delay, ((Number) enqueued.option("eta")).longValue());
		}
		// I expect each to run at its eta, not up to a worker timeout later (half a
		// second of slack for a loaded machine; it is a few milliseconds when idle)
		await().atMost(WAIT).until(() -> ranAt.size() == etas.size());
		etas.forEach((delay, eta) -> assertThat(ranAt.get(delay) - eta).as("lateness of the %s ms delay", delay)
			.isBetween(0L, 500L));
	}

	@Test
	void failedMessageIsDeadLettered() {
		// Given an actor that always fails and a middleware that marks failures as final
		this.broker.addMiddleware(new Middleware() {
			@Override
			public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
				if (exception != null) {
					message.fail();
				}
			}
		});
		declare("boom", 0, (name, args, kwargs) -> {
			throw new IllegalStateException("boom");
		});
		startWorker(WorkerOptions.defaults().withThreads(1));
		send("boom", List.of(), Map.of());
		await().atMost(WAIT).until(() -> this.broker.queueCounts(this.queue).dead() == 1);
		assertThat(this.broker.queueCounts(this.queue).ready()).isZero();
	}

	@Test
	void messageForAnUnknownActorIsDeadLetteredAndTheConsumerGoesOn() {
		declare("known", 0, (name, args, kwargs) -> this.runs.add(name));
		startWorker(WorkerOptions.defaults().withThreads(1));
		send("nobody", List.of(), Map.of());
		send("known", List.of(), Map.of());
		await().atMost(WAIT).until(() -> this.runs.size() == 1 && this.broker.queueCounts(this.queue).dead() == 1);
	}

	@Test
	void undecodableBodyIsDeadLetteredAndTheConsumerGoesOn() {
		declare("known", 0, (name, args, kwargs) -> this.runs.add(name));
		startWorker(WorkerOptions.defaults().withThreads(1));
		publishRaw(this.queue, "not json".getBytes(StandardCharsets.UTF_8));
		publishRaw(this.queue,
				("{\"queue_name\":\"" + this.queue
						+ "\",\"actor_name\":\"known\",\"args\":[],\"kwargs\":{},\"options\":{},\"extra\":1}")
					.getBytes(StandardCharsets.UTF_8));
		send("known", List.of(), Map.of());
		await().atMost(WAIT).until(() -> this.runs.size() == 1 && this.broker.queueCounts(this.queue).dead() == 2);
	}

	@Test
	void prefetchedMessagesRunInActorPriorityOrder() throws Exception {
		// Given one worker thread kept busy by a blocking actor
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.broker.declareActor(new ActorDefinition("block", this.queue, 0, Map.of(), (args, kwargs) -> {
			started.countDown();
			release.await(30, TimeUnit.SECONDS);
			return null;
		}));
		declare("low", 10, (name, args, kwargs) -> this.runs.add(name + args));
		declare("high", 0, (name, args, kwargs) -> this.runs.add(name + args));
		startWorker(WorkerOptions.defaults().withThreads(1).withQueuePrefetch(10));
		send("block", List.of(), Map.of());
		assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
		// When low-priority messages are queued before a high-priority one and all are
		// prefetched
		send("low", List.of(1), Map.of());
		send("low", List.of(2), Map.of());
		send("high", List.of(3), Map.of());
		await().atMost(WAIT).until(() -> this.broker.queueCounts(this.queue).ready() == 0);
		release.countDown();
		// I expect the high-priority message to run first, then the others in order
		await().atMost(WAIT).until(() -> this.runs.size() == 3);
		assertThat(this.runs).containsExactly("high[3]", "low[1]", "low[2]");
	}

	@Test
	void gracefulStopFinishesRunningWorkAndGivesPrefetchedMessagesBack() throws Exception {
		// Given one worker thread busy with a slow actor and more messages prefetched
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		this.broker.declareActor(new ActorDefinition("slow", this.queue, 0, Map.of(), (args, kwargs) -> {
			started.countDown();
			release.await(30, TimeUnit.SECONDS);
			this.runs.add("slow");
			return null;
		}));
		declare("quick", 0, (name, args, kwargs) -> this.runs.add(name + args));
		Worker worker = startWorker(WorkerOptions.defaults().withThreads(1).withQueuePrefetch(10));
		send("slow", List.of(), Map.of());
		assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < 5; i++) {
			send("quick", List.of(i), Map.of());
		}
		await().atMost(WAIT).until(() -> this.broker.queueCounts(this.queue).ready() == 0);
		// When the worker stops while the slow actor still runs
		Thread stopper = new Thread(() -> worker.stop(Duration.ofSeconds(20)));
		stopper.start();
		// release the actor only once the stop is under way: the stopper then waits for
		// the worker thread, and the worker no longer takes prefetched messages
		await().atMost(WAIT).until(() -> stopper.getState() == Thread.State.TIMED_WAITING);
		release.countDown();
		stopper.join(30_000);
		// I expect the running actor to have finished and the prefetched messages to be
		// back
		assertThat(this.runs).containsExactly("slow");
		await().atMost(WAIT).until(() -> this.broker.queueCounts(this.queue).ready() == 5);
		// and a new worker to run every one of them: none lost
		startWorker(WorkerOptions.defaults().withThreads(1));
		await().atMost(WAIT).until(() -> this.runs.size() == 6);
		assertThat(this.runs).containsExactlyInAnyOrder("slow", "quick[0]", "quick[1]", "quick[2]", "quick[3]",
				"quick[4]");
	}

	@Test
	void flushDropsQueuedMessages() {
		declare("idle", 0, (name, args, kwargs) -> this.runs.add(name));
		send("idle", List.of(), Map.of());
		this.broker.enqueue(Message.create(this.queue, "idle", List.of(), Map.of(), Map.of()), Duration.ofHours(1));
		await().atMost(WAIT).until(() -> {
			Broker.QueueCounts counts = this.broker.queueCounts(this.queue);
			return counts.ready() == 1 && counts.delayed() == 1;
		});
		this.broker.flush(this.queue);
		Broker.QueueCounts counts = this.broker.queueCounts(this.queue);
		assertThat(counts.ready()).isZero();
		assertThat(counts.delayed()).isZero();
	}

	@Test
	void exactNumbersArriveExactlyInParametersAndInRecords() throws Exception {
		// Given an actor method taking exact numbers, plainly and inside a record
		Ledger ledger = new Ledger();
		JsonMapper mapper = JsonMapper.builder().build();
		this.broker.declareActor(new ActorDefinition("book", this.queue, 0, Map.of(),
				new MethodActorFunction(ledger,
						Ledger.class.getMethod("book", BigDecimal.class, BigInteger.class, Invoice.class, double.class),
						mapper)));
		startWorker(WorkerOptions.defaults().withThreads(1));
		// When I send it numbers a double cannot hold, and a trailing zero
		Invoice invoice = new Invoice(new BigDecimal("19.90"), new BigInteger("123456789012345678901234567890"),
				List.of(new BigDecimal("0.10"), new BigDecimal("12345678901234567.89")));
		List<Object> args = new ArgumentEncoder(mapper).encodeArgs(new BigDecimal("12345678901234567.89"),
				new BigInteger("98765432109876543210"), invoice, 0.1);
		send("book", args, Map.of());
		// I expect every digit and the scale to arrive, and the double unchanged
		await().atMost(WAIT).until(() -> ledger.booked.size() == 1);
		assertThat(ledger.booked).containsExactly(
				List.of(new BigDecimal("12345678901234567.89"), new BigInteger("98765432109876543210"), invoice, 0.1));
	}

	@Test
	void messageWhoseArgumentsCannotBindIsDeadLetteredAfterOneAttemptWithTheReason() throws Exception {
		// Given an actor method taking two parameters, with retries, and a counter of
		// attempts
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		this.broker.addMiddleware(new Retries());
		this.broker.addMiddleware(new Middleware() {
			@Override
			public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
				failures.add(exception);
			}
		});
		this.broker
			.declareActor(new ActorDefinition("book", this.queue, 0, Map.of(), new MethodActorFunction(new Ledger(),
					Ledger.class.getMethod("count", String.class, int.class), JsonMapper.builder().build())));
		startWorker(WorkerOptions.defaults().withThreads(1));
		// When a producer such as Python sends it one argument, allowing quick retries
		publishRaw(this.queue,
				("{\"queue_name\":\"" + this.queue + "\",\"actor_name\":\"book\",\"args\":[\"only-one\"],"
						+ "\"kwargs\":{},\"options\":{\"max_retries\":3,\"min_backoff\":10,\"x_custom\":1},"
						+ "\"message_id\":\"6ff853a6-73d8-48ea-ac88-ff4e061adcc4\",\"message_timestamp\":1}")
					.getBytes(StandardCharsets.UTF_8));
		// I expect it dead-lettered after one attempt, the reason in its traceback
		await().atMost(WAIT).until(() -> this.broker.queueCounts(this.queue).dead() == 1);
		assertThat(failures).singleElement().isInstanceOf(ArgumentBindingException.class);
		List<Message> dead = this.broker.deadLetterQueues().orElseThrow().list(this.queue, 0, 10);
		assertThat(dead).singleElement().satisfies((message) -> {
			assertThat(message.messageId()).isEqualTo("6ff853a6-73d8-48ea-ac88-ff4e061adcc4");
			assertThat(message.options()).containsEntry("x_custom", 1).doesNotContainKey("retries");
			assertThat((String) message.option("traceback")).contains(ArgumentBindingException.class.getName())
				.contains("missing a value for parameter 'times' (int)");
		});
		assertThat(this.broker.queueCounts(this.queue).ready()).isZero();
	}

	/**
	 * An actor's bean whose methods take exact numbers and two arguments.
	 */
	public static class Ledger {

		final List<List<Object>> booked = new CopyOnWriteArrayList<>();

		public void book(BigDecimal amount, BigInteger units, Invoice invoice, double ratio) {
			this.booked.add(List.of(amount, units, invoice, ratio));
		}

		public void count(String word, int times) {
			this.booked.add(List.of(word, times));
		}

	}

	/**
	 * A record of exact numbers.
	 *
	 * @param total the total
	 * @param serial the serial number
	 * @param lines the line amounts
	 */
	public record Invoice(BigDecimal total, BigInteger serial, List<BigDecimal> lines) {
	}

	/**
	 * Records an actor run.
	 */
	@FunctionalInterface
	protected interface ActorRecorder {

		void record(String actorName, List<Object> args, Map<String, Object> kwargs);

	}

}
