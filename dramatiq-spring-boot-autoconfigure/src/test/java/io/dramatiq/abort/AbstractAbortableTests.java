package io.dramatiq.abort;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.Retries;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What aborting does on every broker, with a real worker: a queued message is skipped, a
 * running one is interrupted and not retried, other messages are left alone. Each broker
 * runs these with its own event backend.
 */
public abstract class AbstractAbortableTests {

	/** How long to wait for the worker. */
	protected static final Duration WAIT = Duration.ofSeconds(30);

	/** A queue of this test's own. */
	protected final String queue = "abort-test-" + UUID.randomUUID().toString().substring(0, 8);

	private final Outcomes outcomes = new Outcomes();

	private final List<Object> runs = new CopyOnWriteArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private final Map<String, CountDownLatch> started = new ConcurrentHashMap<>();

	private Broker broker;

	private Abortable abortable;

	private Worker worker;

	/**
	 * Create the broker under test, without middleware.
	 * @return the broker
	 */
	protected abstract Broker createBroker();

	/**
	 * Create the event backend that goes with the broker.
	 * @return the backend
	 */
	protected abstract EventBackend createBackend();

	/**
	 * Release what the broker and backend hold, after the worker stopped.
	 */
	protected void cleanUp() {
	}

	@BeforeEach
	void createBrokerAndMiddleware() {
		this.broker = createBroker();
		this.abortable = new Abortable(createBackend(), true, Duration.ofMinutes(1), Duration.ofMillis(200));
		this.broker.addMiddleware(new Retries(3, Duration.ofMillis(10), Duration.ofMillis(100), null));
		this.broker.addMiddleware(this.outcomes);
		this.broker.addMiddleware(this.abortable);
		declare("work", Map.of(), (args, kwargs) -> this.runs.add(args.get(0)));
		declare("block", Map.of(), (args, kwargs) -> {
			this.started.computeIfAbsent((String) args.get(0), (key) -> new CountDownLatch(1)).countDown();
			if (!this.release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("never released");
			}
			this.runs.add(args.get(0));
			return null;
		});
		declare("stubborn", Map.of(Abortable.ABORTABLE, false), (args, kwargs) -> this.runs.add(args.get(0)));
		declare("graceful", Map.of(), (args, kwargs) -> {
			this.started.computeIfAbsent((String) args.get(0), (key) -> new CountDownLatch(1)).countDown();
			Optional<Duration> left = this.abortable.abortRequested();
			while (left.isEmpty()) {
				// a long task's loop, checking between two steps whether it should stop
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
				left = this.abortable.abortRequested();
			}
			this.runs.add(left.get());
			return null;
		});
	}

	@AfterEach
	void stopWorker() {
		this.release.countDown();
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(10));
		}
		cleanUp();
	}

	@Test
	void queuedMessageAbortedBeforeAnyWorkerRanIsSkippedAndAcked() {
		// Given two queued messages, one of them aborted before the worker starts
		Message aborted = send("work", "aborted", null);
		Message kept = send("work", "kept", null);
		this.abortable.abort(aborted.messageId());
		// When the worker starts and drains the queue
		startWorker(1);
		awaitAcked(aborted, kept);
		// I expect only the other one to have run, the aborted one skipped, not retried
		assertThat(this.runs).containsExactly("kept");
		assertThat(this.outcomes.skipped).containsExactly(aborted.messageId());
		assertThat(this.outcomes.nacked).isEmpty();
		assertThat(this.outcomes.retried).isEmpty();
	}

	@Test
	void delayedMessageAbortedWhileItWaitsIsSkippedWhenItComesUp() {
		// Given a running worker and a message delayed by a second
		startWorker(1);
		Message delayed = this.broker.enqueue(message("work", "delayed", null), Duration.ofSeconds(1));
		// When it is cancelled before it is due
		this.abortable.abort(delayed.messageId(), AbortMode.CANCEL);
		// I expect it to be skipped when it comes up, its actor never run
		awaitAcked(delayed);
		assertThat(this.runs).isEmpty();
		assertThat(this.outcomes.skipped).containsExactly(delayed.messageId());
	}

	@Test
	void runningActorIsInterruptedFailsWithAbortAndIsNotRetried() throws InterruptedException {
		// Given an actor that blocks until released, running
		startWorker(2);
		Message running = send("block", "running", null);
		awaitStarted("running");
		// When its message is aborted
		this.abortable.abort(running.messageId());
		// I expect the actor to be interrupted and fail with Abort
		awaitAcked(running);
		assertThat(this.outcomes.failures).containsOnlyKeys(running.messageId());
		assertThat(this.outcomes.failures.get(running.messageId())).isInstanceOf(AbortedException.class)
			.hasCauseInstanceOf(InterruptedException.class);
		// and the message to be acked, neither retried nor dead-lettered
		assertThat(this.runs).isEmpty();
		assertThat(this.outcomes.retried).isEmpty();
		assertThat(this.outcomes.nacked).isEmpty();
	}

	@Test
	void cancellingARunningMessageLetsItFinishWhileAnAbortedNeighbourStops() throws InterruptedException {
		// Given two blocked actors running side by side
		startWorker(2);
		Message cancelled = send("block", "cancelled", null);
		Message aborted = send("block", "aborted", null);
		awaitStarted("cancelled");
		awaitStarted("aborted");
		// When one is cancelled and the other aborted
		this.abortable.abort(cancelled.messageId(), AbortMode.CANCEL);
		this.abortable.abort(aborted.messageId());
		// I expect only the aborted one to be interrupted
		awaitAcked(aborted);
		assertThat(this.outcomes.failures).containsOnlyKeys(aborted.messageId());
		// and the cancelled one to finish normally once released
		this.release.countDown();
		awaitAcked(cancelled);
		assertThat(this.runs).containsExactly("cancelled");
		assertThat(this.outcomes.failures).containsOnlyKeys(aborted.messageId());
	}

	@Test
	void abortTimeoutLetsTheActorSeeTheRequestAndFinishFirst() throws InterruptedException {
		// Given an actor that loops until it learns that it should stop
		startWorker(1);
		Message graceful = send("graceful", "graceful", null);
		awaitStarted("graceful");
		// When its message is aborted with half a minute to finish
		this.abortable.abort(graceful.messageId(), AbortMode.ABORT, WAIT, Duration.ofMinutes(1));
		// I expect the actor to see how long it has left and to end normally, unharmed
		awaitAcked(graceful);
		assertThat(this.runs).singleElement()
			.isInstanceOfSatisfying(Duration.class, (left) -> assertThat(left).isPositive().isLessThanOrEqualTo(WAIT));
		assertThat(this.outcomes.failures).isEmpty();
	}

	@Test
	void messagesThatAreNotAbortableRunAnyway() {
		// Given a message of an actor that says abortable=false and one whose own option
		// says so
		Message actorSaysNo = send("stubborn", "actor", null);
		Message messageSaysNo = send("work", "message", Map.of(Abortable.ABORTABLE, false));
		this.abortable.abort(actorSaysNo.messageId());
		this.abortable.abort(messageSaysNo.messageId());
		// When the worker runs them
		startWorker(1);
		awaitAcked(actorSaysNo, messageSaysNo);
		// I expect both to have run
		assertThat(this.runs).containsExactlyInAnyOrder("actor", "message");
		assertThat(this.outcomes.skipped).isEmpty();
	}

	/**
	 * Return the middleware under test.
	 * @return the middleware
	 */
	protected Abortable abortable() {
		return this.abortable;
	}

	private void declare(String actorName, Map<String, Object> options, ActorFunction function) {
		this.broker.declareActor(new ActorDefinition(actorName, this.queue, 0, options, function));
	}

	private Message message(String actorName, String argument, Map<String, Object> options) {
		return Message.create(this.queue, actorName, List.of(argument), Map.of(),
				(options != null) ? options : Map.of());
	}

	private Message send(String actorName, String argument, Map<String, Object> options) {
		return this.broker.enqueue(message(actorName, argument, options));
	}

	private void startWorker(int threads) {
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults()
					.withThreads(threads)
					.withQueues(Set.of(this.queue))
					.withWorkerTimeout(Duration.ofMillis(100)));
		this.worker.start();
	}

	private void awaitStarted(String argument) throws InterruptedException {
		CountDownLatch latch = this.started.computeIfAbsent(argument, (key) -> new CountDownLatch(1));
		assertThat(latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("actor started").isTrue();
	}

	private void awaitAcked(Message... messages) {
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(this.outcomes.acked)
				.containsAll(List.of(messages).stream().map(Message::messageId).toList()));
	}

	/** Records how messages ended. */
	private static final class Outcomes implements Middleware {

		final List<String> acked = new CopyOnWriteArrayList<>();

		final List<String> nacked = new CopyOnWriteArrayList<>();

		final List<String> skipped = new CopyOnWriteArrayList<>();

		final List<String> retried = new CopyOnWriteArrayList<>();

		final Map<String, Throwable> failures = new ConcurrentHashMap<>();

		@Override
		public void afterEnqueue(Broker broker, Message message, Duration delay) {
			if (message.options().containsKey(Retries.RETRIES)) {
				this.retried.add(message.messageId());
			}
		}

		@Override
		public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
			if (exception != null) {
				this.failures.put(message.messageId(), exception);
			}
		}

		@Override
		public void afterSkipMessage(Broker broker, MessageProxy message) {
			this.skipped.add(message.messageId());
		}

		@Override
		public void afterAck(Broker broker, MessageProxy message) {
			this.acked.add(message.messageId());
		}

		@Override
		public void afterNack(Broker broker, MessageProxy message) {
			this.nacked.add(message.messageId());
		}

	}

}
