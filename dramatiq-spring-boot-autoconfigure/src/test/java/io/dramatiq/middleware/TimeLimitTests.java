package io.dramatiq.middleware;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ch.qos.logback.classic.Level;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker.DeadLetter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * TimeLimit: interrupting blocked and looping actors, reporting and retrying the failure,
 * and the precedence of the limit (spec §8.3, C59, C60).
 */
class TimeLimitTests extends AbstractMiddlewareTests {

	private static final Duration INTERVAL = Duration.ofMillis(50);

	private final Recorder recorder = new Recorder();

	private final List<List<Object>> failures = new CopyOnWriteArrayList<>();

	private final AtomicInteger attempts = new AtomicInteger();

	/** When the current message started, before TimeLimit set its deadline. */
	private final ThreadLocal<Long> started = new ThreadLocal<>();

	TimeLimitTests() {
		this.broker.addMiddleware(new Middleware() {
			@Override
			public void beforeProcessMessage(io.dramatiq.broker.Broker broker,
					io.dramatiq.broker.MessageProxy message) {
				TimeLimitTests.this.started.set(System.nanoTime());
			}
		});
		this.broker.addMiddleware(this.recorder);
		this.broker.addMiddleware(new TimeLimit(Duration.ofSeconds(60), INTERVAL));
		this.broker.addMiddleware(new Callbacks());
		this.broker.addMiddleware(new Retries());
		declare("failures", Map.of(), (args, kwargs) -> this.failures.add(args));
	}

	/**
	 * An actor that blocks for up to 10 s, recording how long after the start of the
	 * message it was interrupted.
	 */
	private void declareBlocking(String actorName, Map<String, ?> options, AtomicLong interruptedAfter) {
		declare(actorName, options, (args, kwargs) -> {
			this.attempts.incrementAndGet();
			long start = this.started.get();
			try {
				new CountDownLatch(1).await(10, TimeUnit.SECONDS);
				return "not interrupted";
			}
			catch (InterruptedException ex) {
				interruptedAfter.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
				throw ex;
			}
		});
	}

	@Test
	void blockedActorIsInterruptedAfterItsLimitReportedAsTimeLimitExceededAndRetried() {
		// Given an actor that blocks, with a 200 ms limit, retried once
		AtomicLong interruptedAfter = new AtomicLong(-1);
		declareBlocking("slow",
				Map.of("time_limit", 200L, "max_retries", 1, "min_backoff", 10L, "on_failure", "failures"),
				interruptedAfter);
		startWorker(1);
		send("slow", List.of(), Map.of());
		join();
		// I expect each attempt to be interrupted between the limit and limit + interval
		// (with generous slack for a busy machine)
		assertThat(this.attempts).hasValue(2);
		assertThat(interruptedAfter.get()).isBetween(200L, 200L + INTERVAL.toMillis() + 2000L);
		// and the failure to be a TimeLimitExceeded, caused by the interruption
		assertThat(this.recorder.processedFor("slow")).hasSize(2).allSatisfy((processed) -> {
			assertThat(processed.exception()).isInstanceOf(TimeLimitExceededException.class)
				.hasCauseInstanceOf(InterruptedException.class);
		});
		// and reported with Python's type name and an empty text
		assertThat(this.failures).hasSize(2)
			.allSatisfy(
					(args) -> assertThat(args.get(1)).isEqualTo(Map.of("type", "TimeLimitExceeded", "message", "")));
		// and retried, then dead-lettered
		assertThat(this.broker.deadLetters(QUEUE)).singleElement()
			.extracting(DeadLetter::exception)
			.isInstanceOf(TimeLimitExceededException.class);
		assertThat(this.logs.messages(Level.WARN)).anyMatch((line) -> line.startsWith("Time limit of 200 ms exceeded"));
	}

	@Test
	void loopingActorCanCatchTimeLimitExceededAndCleanUp() {
		// Given an actor that loops with a checkpoint and cleans up when stopped
		AtomicBoolean cleanedUp = new AtomicBoolean();
		AtomicInteger iterations = new AtomicInteger();
		declare("loop", Map.of("time_limit", 200L, "on_failure", "failures"), (args, kwargs) -> {
			try {
				while (true) {
					TimeLimit.check();
					iterations.incrementAndGet();
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				}
			}
			catch (TimeLimitExceededException ex) {
				cleanedUp.set(true);
				return "partial";
			}
		});
		startWorker(1);
		send("loop", List.of(), Map.of());
		join();
		// I expect the actor to have caught the exception and to count as a success
		assertThat(cleanedUp).isTrue();
		assertThat(iterations.get()).isPositive();
		assertThat(this.recorder.processed).singleElement().satisfies((processed) -> {
			assertThat(processed.exception()).isNull();
			assertThat(processed.result()).isEqualTo("partial");
		});
		assertThat(this.failures).isEmpty();
		assertThat(this.broker.deadLetters()).isEmpty();
	}

	@Test
	void actorThatCaughtTheInterruptionCanAskForTheRealException() {
		AtomicBoolean sawTimeLimit = new AtomicBoolean();
		declare("careful", Map.of("time_limit", 100L), (args, kwargs) -> {
			try {
				new CountDownLatch(1).await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				try {
					TimeLimit.check();
				}
				catch (TimeLimitExceededException limit) {
					sawTimeLimit.set(true);
					// clean-up code may block again: the interrupt was consumed
					new CountDownLatch(1).await(10, TimeUnit.MILLISECONDS);
				}
			}
			return null;
		});
		startWorker(1);
		send("careful", List.of(), Map.of());
		join();
		assertThat(sawTimeLimit).isTrue();
		assertThat(this.recorder.processed).singleElement()
			.satisfies((processed) -> assertThat(processed.exception()).isNull());
	}

	@Test
	void interruptionNeverReachesTheNextMessageOfTheThread() {
		// Given an actor that swallows its interruption, and another one after it on the
		// same thread
		AtomicBoolean nextInterrupted = new AtomicBoolean(true);
		declare("stubborn", Map.of("time_limit", 100L), (args, kwargs) -> {
			while (!Thread.currentThread().isInterrupted()) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
			}
			return null;
		});
		declare("next", Map.of(), (args, kwargs) -> {
			nextInterrupted.set(Thread.currentThread().isInterrupted());
			new CountDownLatch(1).await(20, TimeUnit.MILLISECONDS);
			return null;
		});
		startWorker(1);
		send("stubborn", List.of(), Map.of());
		send("next", List.of(), Map.of());
		join();
		// I expect the next message to run uninterrupted, and both to succeed
		assertThat(nextInterrupted).isFalse();
		assertThat(this.recorder.processed).hasSize(2).allSatisfy((p) -> assertThat(p.exception()).isNull());
	}

	@Test
	void messageTimeLimitOverridesTheActorsWhenTruthy() {
		// Given an actor with a one-minute limit
		AtomicLong interruptedAfter = new AtomicLong(-1);
		declareBlocking("slow", Map.of("time_limit", 60000L, "max_retries", 0), interruptedAfter);
		startWorker(1);
		// When the message asks for 100 ms
		send("slow", List.of(), Map.of("time_limit", 100));
		join();
		// I expect the message's limit to apply
		assertThat(interruptedAfter.get()).isBetween(100L, 100L + INTERVAL.toMillis() + 2000L);
		assertThat(this.broker.deadLetters(QUEUE)).hasSize(1);
	}

	@Test
	void falsyMessageTimeLimitFallsBackToTheActors() {
		AtomicLong interruptedAfter = new AtomicLong(-1);
		declareBlocking("slow", Map.of("time_limit", 100L, "max_retries", 0), interruptedAfter);
		startWorker(1);
		send("slow", List.of(), Map.of("time_limit", 0));
		join();
		assertThat(interruptedAfter.get()).isBetween(100L, 100L + INTERVAL.toMillis() + 2000L);
	}

	@Test
	void infinityDisablesTheLimit() {
		// Given a middleware default of 100 ms and an actor that takes 300 ms
		StubBrokerWithShortLimit shortLimit = new StubBrokerWithShortLimit();
		AtomicBoolean interrupted = new AtomicBoolean();
		shortLimit.declare("patient", (args, kwargs) -> {
			try {
				new CountDownLatch(1).await(300, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
			return null;
		});
		// When the message's time limit is Infinity
		shortLimit.run(Map.of("time_limit", Double.POSITIVE_INFINITY));
		// I expect no interruption
		assertThat(interrupted).isFalse();
		// while without it the default applies
		shortLimit.run(Map.of());
		assertThat(interrupted).isTrue();
	}

	@Test
	void defaultsAreThoseOfPythonDramatiq() {
		TimeLimit timeLimit = new TimeLimit();
		assertThat(timeLimit.timeLimit()).isEqualTo(Duration.ofMillis(600000));
		assertThat(timeLimit.interval()).isEqualTo(Duration.ofMillis(1000));
		assertThat(timeLimit.actorOptions()).containsExactly("time_limit");
	}

	@Test
	void checkOutsideOfAnActorDoesNothing() {
		assertThatNoException().isThrownBy(TimeLimit::check);
	}

	/** A second broker whose TimeLimit middleware defaults to 100 ms. */
	private static final class StubBrokerWithShortLimit {

		private final io.dramatiq.broker.stub.StubBroker broker = new io.dramatiq.broker.stub.StubBroker();

		StubBrokerWithShortLimit() {
			this.broker.addMiddleware(new TimeLimit(Duration.ofMillis(100), INTERVAL));
		}

		void declare(String actorName, io.dramatiq.actor.ActorFunction function) {
			this.broker.declareActor(io.dramatiq.actor.ActorDefinition.of(actorName, function));
		}

		void run(Map<String, ?> options) {
			io.dramatiq.worker.Worker worker = new io.dramatiq.worker.Worker(this.broker,
					io.dramatiq.worker.WorkerOptions.defaults()
						.withThreads(1)
						.withWorkerTimeout(Duration.ofMillis(50)));
			worker.start();
			try {
				this.broker.enqueue(io.dramatiq.message.Message.create(QUEUE, "patient", List.of(), Map.of(), options));
				this.broker.join(QUEUE, WAIT, false);
				worker.join(WAIT);
			}
			finally {
				worker.stop(Duration.ofSeconds(10));
			}
		}

	}

}
