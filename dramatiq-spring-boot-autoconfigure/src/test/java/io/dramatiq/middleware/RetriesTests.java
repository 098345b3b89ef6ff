package io.dramatiq.middleware;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import io.dramatiq.Backoff;
import io.dramatiq.RetryException;
import io.dramatiq.actor.ActorNotFoundException;
import io.dramatiq.broker.stub.StubBroker.DeadLetter;
import io.dramatiq.message.Message;
import io.dramatiq.ratelimit.ConcurrentRateLimiter;
import io.dramatiq.ratelimit.Permit;
import io.dramatiq.ratelimit.StubRateLimiterBackend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Retries: attempts, backoff, overrides, {@code Retry}, {@code throws},
 * {@code retry_when}, {@code on_retry_exhausted} (spec §8.7, C50 to C56).
 */
class RetriesTests extends AbstractMiddlewareTests {

	private static final Pattern RETRYING = Pattern.compile("Retrying message '(.+)' in (\\d+) milliseconds\\.");

	private final Recorder recorder = new Recorder();

	private final AtomicInteger attempts = new AtomicInteger();

	RetriesTests() {
		// first, so that its after hooks run last and see what Retries did
		this.broker.addMiddleware(this.recorder);
		this.broker.addMiddleware(new Retries());
	}

	private void declareFailing(String actorName, Map<String, ?> options) {
		declare(actorName, options, (args, kwargs) -> {
			this.attempts.incrementAndGet();
			throw new IllegalStateException("boom " + args);
		});
	}

	private List<Long> loggedDelays() {
		return this.logs.messages(Level.INFO)
			.stream()
			.map(RETRYING::matcher)
			.filter(Matcher::matches)
			.map((m) -> Long.parseLong(m.group(2)))
			.toList();
	}

	@Test
	void failingActorRunsMaxRetriesPlusOneTimesAndIsDeadLetteredWithRetriesN() {
		// Given an actor that always fails and may be retried twice, with short backoffs
		declareFailing("fail", Map.of("max_retries", 2, "min_backoff", 10L, "max_backoff", 100L));
		startWorker(1);
		// When I send it a message and wait for the queue to drain
		Message sent = send("fail", List.of(1), Map.of("x_custom", Map.of("a", List.of(1))));
		join();
		// I expect three attempts
		assertThat(this.attempts).hasValue(3);
		// and two re-enqueued copies on the delay queue carrying the retry bookkeeping
		List<Message> retried = this.recorder.retried();
		assertThat(retried).hasSize(2);
		for (int i = 0; i < retried.size(); i++) {
			Message copy = retried.get(i);
			assertThat(copy.queueName()).isEqualTo("default.DQ");
			assertThat(copy.messageId()).isEqualTo(sent.messageId());
			assertThat(copy.messageTimestamp()).isEqualTo(sent.messageTimestamp());
			assertThat(copy.option("retries")).isEqualTo(i + 1);
			assertThat(copy.option("traceback")).asString().contains("IllegalStateException: boom [1]");
			assertThat(copy.option("requeue_timestamp")).isInstanceOf(Long.class);
			assertThat(copy.option("eta")).isInstanceOf(Long.class);
			assertThat(copy.options()).containsEntry("x_custom", Map.of("a", List.of(1)));
			assertThat(copy.options().keySet()).containsSubsequence("x_custom", "retries", "traceback",
					"requeue_timestamp", "eta");
		}
		// and the last delivered copy to be dead-lettered with retries = 2 and the
		// actor's exception
		DeadLetter dead = this.broker.deadLetters(QUEUE).get(0);
		assertThat(this.broker.deadLetters(QUEUE)).hasSize(1);
		assertThat(dead.message().option("retries")).isEqualTo(2);
		assertThat(dead.message().messageId()).isEqualTo(sent.messageId());
		assertThat(dead.exception()).isInstanceOf(IllegalStateException.class);
		// and Python's log lines
		assertThat(this.logs.messages(Level.INFO)).filteredOn((line) -> line.startsWith("Retrying message"))
			.hasSize(2)
			.allMatch((line) -> RETRYING.matcher(line).matches() && line.contains("'" + sent.messageId() + "'"));
		assertThat(this.logs.messages(Level.WARN)).contains("Retries exceeded for message '" + sent.messageId() + "'.");
		// and a fail-fast join to rethrow the actor's exception
		assertThatIllegalStateException().isThrownBy(() -> this.broker.join(QUEUE, WAIT, true)).withMessage("boom [1]");
	}

	@Test
	void rateLimitExceededInAnActorIsRetriedWithBackoff() {
		// Given a mutex held elsewhere and an actor that acquires it, retried with short
		// backoffs
		ConcurrentRateLimiter mutex = new ConcurrentRateLimiter(new StubRateLimiterBackend(), "mutex");
		Permit held = mutex.acquire();
		AtomicInteger completed = new AtomicInteger();
		declare("guarded", Map.of("max_retries", 50, "min_backoff", 10L, "max_backoff", 50L), (args, kwargs) -> {
			this.attempts.incrementAndGet();
			try (Permit permit = mutex.acquire()) {
				completed.incrementAndGet();
			}
			return null;
		});
		startWorker(1);
		// When I send it a message while the mutex is held
		Message sent = send("guarded", List.of(), Map.of());
		// I expect the failed acquire to be retried with backoff
		await().atMost(WAIT).until(() -> this.recorder.retried().size() >= 2);
		assertThat(completed).hasValue(0);
		assertThat(this.recorder.retried().get(0).option("traceback")).asString()
			.contains("rate limit exceeded for key 'mutex'");
		assertThat(loggedDelays()).isNotEmpty().allMatch((delay) -> delay >= 10 && delay <= 50);
		// and the message to run once the mutex is released
		held.close();
		join();
		assertThat(completed).hasValue(1);
		assertThat(this.attempts.get()).isGreaterThan(2);
		assertThat(this.broker.deadLetters(QUEUE)).isEmpty();
		assertThat(this.recorder.retried()).allMatch((copy) -> copy.messageId().equals(sent.messageId()));
	}

	@Test
	void backoffStaysWithinTheFormulasBounds() {
		Random random = new Random(42);
		for (int i = 0; i < 10_000; i++) {
			assertThat(Backoff.compute(0, 1000, 5000, random)).isBetween(1000L, 1999L);
			assertThat(Backoff.compute(1, 1000, 5000, random)).isBetween(2000L, 3999L);
			for (int k = 2; k < 40; k += 7) {
				assertThat(Backoff.compute(k, 1000, 5000, random)).isBetween(2500L, 5000L);
			}
			assertThat(Backoff.compute(0, Retries.DEFAULT_MIN_BACKOFF.toMillis(),
					Retries.DEFAULT_MAX_BACKOFF.toMillis(), random))
				.isBetween(15000L, 29999L);
		}
	}

	@Test
	void backoffGrowsWithEachRetry() {
		// Given an actor with a 10 ms minimum and 100 ms maximum backoff, retried 4 times
		declareFailing("fail", Map.of("max_retries", 4, "min_backoff", 10L, "max_backoff", 100L));
		startWorker(1);
		send("fail", List.of(), Map.of());
		join();
		// I expect the delays to double each time until they hit the maximum
		List<Long> delays = loggedDelays();
		assertThat(delays).hasSize(4);
		assertThat(delays.get(0)).isBetween(10L, 19L);
		assertThat(delays.get(1)).isBetween(20L, 39L);
		assertThat(delays.get(2)).isBetween(40L, 79L);
		assertThat(delays.get(3)).isBetween(50L, 100L);
		// and each copy's eta to be at least its delay after the retry decision
		List<Message> retried = this.recorder.retried();
		for (int i = 0; i < retried.size(); i++) {
			long eta = (Long) retried.get(i).option("eta");
			long decided = (Long) retried.get(i).option("requeue_timestamp");
			assertThat(eta - decided).isGreaterThanOrEqualTo(delays.get(i));
		}
	}

	@Test
	void maxBackoffIsCappedAtSevenDays() {
		// Given a message that already failed 40 times, whose actor allows 30 days of
		// backoff
		declareFailing("fail", Map.of("max_backoff", Duration.ofDays(30).toMillis()));
		startWorker(1);
		send("fail", List.of(), Map.of("retries", 40, "max_retries", 100));
		await().atMost(WAIT).until(() -> this.recorder.retried().size() == 1);
		// I expect the delay to stay within Python's 7-day cap
		assertThat(loggedDelays()).singleElement()
			.satisfies((delay) -> assertThat(delay).isBetween(Retries.DEFAULT_MAX_BACKOFF.toMillis() / 2,
					Retries.DEFAULT_MAX_BACKOFF.toMillis()));
		assertThat(this.recorder.retried().get(0).option("retries")).isEqualTo(41);
		// and a falsy middleware-level backoff to fall back to the default, as in Python
		assertThat(new Retries(20, Duration.ZERO, null, null).minBackoff()).isEqualTo(Retries.DEFAULT_MIN_BACKOFF);
		assertThat(new Retries(20, null, Duration.ZERO, null).maxBackoff()).isEqualTo(Retries.DEFAULT_MAX_BACKOFF);
		this.worker.stop(Duration.ofSeconds(10));
		this.broker.flushAll();
	}

	@Test
	void messageLevelMaxRetriesOverridesTheActors() {
		declareFailing("fail", Map.of("max_retries", 5, "min_backoff", 10L, "max_backoff", 100L));
		startWorker(1);
		send("fail", List.of(), Map.of("max_retries", 1));
		join();
		assertThat(this.attempts).hasValue(2);
		assertThat(this.broker.deadLetters(QUEUE)).singleElement()
			.satisfies((dead) -> assertThat(dead.message().option("retries")).isEqualTo(1));
	}

	@Test
	void nullMaxRetriesInTheMessageRetriesForeverAndZeroMinBackoffRetriesAtOnce() {
		// Given an actor that may not be retried, failing six times before it succeeds
		declare("flaky", Map.of("max_retries", 0), (args, kwargs) -> {
			if (this.attempts.incrementAndGet() <= 6) {
				throw new IllegalStateException("not yet");
			}
			return "done";
		});
		startWorker(1);
		// When the message itself says "retry forever" with no backoff
		send("flaky", List.of(), options("max_retries", null, "min_backoff", 0));
		join();
		// I expect it to be retried until it succeeds, at once each time
		assertThat(this.attempts).hasValue(7);
		assertThat(this.broker.deadLetters()).isEmpty();
		assertThat(loggedDelays()).hasSize(6).containsOnly(0L);
	}

	@Test
	void retryExceptionUsesItsDelayAndIsNotLoggedAsAnError() {
		// Given an actor that asks once to be retried in 100 ms
		declare("again", Map.of(), (args, kwargs) -> {
			if (this.attempts.incrementAndGet() == 1) {
				throw new RetryException("later", Duration.ofMillis(100));
			}
			return null;
		});
		startWorker(1);
		send("again", List.of(), Map.of());
		join();
		// I expect a second run after that delay and no error logged
		assertThat(this.attempts).hasValue(2);
		assertThat(loggedDelays()).containsExactly(100L);
		Message copy = this.recorder.retried().get(0);
		assertThat((Long) copy.option("eta") - (Long) copy.option("requeue_timestamp")).isGreaterThanOrEqualTo(100);
		assertThat(this.logs.messages(Level.ERROR)).isEmpty();
	}

	@Test
	void retryExceptionCountsTowardsMaxRetries() {
		declare("again", Map.of("max_retries", 1), (args, kwargs) -> {
			this.attempts.incrementAndGet();
			throw new RetryException("later", Duration.ofMillis(10));
		});
		startWorker(1);
		send("again", List.of(), Map.of());
		join();
		assertThat(this.attempts).hasValue(2);
		assertThat(this.broker.deadLetters(QUEUE)).singleElement()
			.satisfies((dead) -> assertThat(dead.exception()).isInstanceOf(RetryException.class));
	}

	@Test
	void exceptionListedInThrowsIsDeadLetteredAtOnceWithoutTouchingRetries() {
		// Given an actor whose IllegalArgumentExceptions are final
		declare("strict", Map.of("throws", List.of(IllegalArgumentException.class)), (args, kwargs) -> {
			this.attempts.incrementAndGet();
			throw new IllegalArgumentException("bad input");
		});
		startWorker(1);
		send("strict", List.of(), Map.of());
		join();
		// I expect one attempt, a dead letter, and no retry bookkeeping
		assertThat(this.attempts).hasValue(1);
		assertThat(this.broker.deadLetters(QUEUE)).hasSize(1);
		assertThat(this.recorder.processed).singleElement().satisfies((processed) -> {
			assertThat(processed.failed()).isTrue();
			assertThat(processed.message().options()).doesNotContainKeys("retries", "traceback");
		});
		assertThat(this.logs.messages(Level.INFO))
			.contains("Aborting message '" + this.recorder.processed.get(0).message().messageId() + "'.");
		assertThat(this.logs.messages(Level.ERROR)).isEmpty();
	}

	@Test
	void exceptionNotListedInThrowsIsRetried() {
		declare("strict",
				Map.of("throws", List.of(IllegalArgumentException.class), "max_retries", 1, "min_backoff", 10L),
				(args, kwargs) -> {
					this.attempts.incrementAndGet();
					throw new IllegalStateException("transient");
				});
		startWorker(1);
		send("strict", List.of(), Map.of());
		join();
		assertThat(this.attempts).hasValue(2);
	}

	@Test
	void retryWhenReplacesMaxRetriesAndGetsThePreIncrementCount() {
		// Given an actor that may not be retried, but whose predicate allows three
		// retries
		List<Integer> seen = new CopyOnWriteArrayList<>();
		RetryWhen retryWhen = (retries, exception) -> {
			seen.add(retries);
			return retries < 3 && exception instanceof IllegalStateException;
		};
		declareFailing("fail", Map.of("max_retries", 0, "retry_when", retryWhen, "min_backoff", 10L));
		startWorker(1);
		send("fail", List.of(), Map.of());
		join();
		// I expect the predicate to decide, seeing the count before each failure
		assertThat(this.attempts).hasValue(4);
		assertThat(seen).containsExactly(0, 1, 2, 3);
		assertThat(this.broker.deadLetters(QUEUE)).hasSize(1);
	}

	@Test
	void retryWhenMayBeABiPredicate() {
		java.util.function.BiPredicate<Integer, Throwable> once = (retries, exception) -> retries < 1;
		declareFailing("fail", Map.of("retry_when", once, "min_backoff", 10L));
		startWorker(1);
		send("fail", List.of(), Map.of());
		join();
		assertThat(this.attempts).hasValue(2);
	}

	@Test
	void onRetryExhaustedReceivesTheEnvelopeAndCountsExactlyOnce() {
		// Given an actor retried twice that notifies 'notify' when it gives up
		List<List<Object>> notified = new CopyOnWriteArrayList<>();
		declare("notify", Map.of(), (args, kwargs) -> notified.add(args));
		declareFailing("fail", Map.of("max_retries", 2, "min_backoff", 10L, "on_retry_exhausted", "notify"));
		startWorker(1);
		Message sent = send("fail", List.of(7), Map.of());
		join();
		// I expect one notification with Python's argument shape
		assertThat(this.attempts).hasValue(3);
		assertThat(notified).singleElement().satisfies((args) -> {
			assertThat(args).hasSize(2);
			@SuppressWarnings("unchecked")
			Map<String, Object> envelope = (Map<String, Object>) args.get(0);
			assertThat(envelope).containsEntry("message_id", sent.messageId())
				.containsEntry("actor_name", "fail")
				.containsEntry("args", List.of(7))
				.containsKeys("queue_name", "kwargs", "options", "message_timestamp");
			assertThat(args.get(1)).isEqualTo(Map.of("retries", 2, "max_retries", 2));
		});
		// and the notification to be a new message
		assertThat(this.recorder.enqueuedFor("notify")).singleElement()
			.satisfies((message) -> assertThat(message.messageId()).isNotEqualTo(sent.messageId()));
	}

	@Test
	void onRetryExhaustedIsNotSentWhenARetrySucceeds() {
		List<List<Object>> notified = new CopyOnWriteArrayList<>();
		declare("notify", Map.of(), (args, kwargs) -> notified.add(args));
		declare("flaky", Map.of("max_retries", 2, "min_backoff", 10L, "on_retry_exhausted", "notify"),
				(args, kwargs) -> {
					if (this.attempts.incrementAndGet() < 3) {
						throw new IllegalStateException("not yet");
					}
					return null;
				});
		startWorker(1);
		send("flaky", List.of(), Map.of());
		join();
		assertThat(this.attempts).hasValue(3);
		assertThat(notified).isEmpty();
		assertThat(this.broker.deadLetters()).isEmpty();
	}

	@Test
	void messageForAnUnknownActorIsDeadLetteredAndNeverRetried() {
		// Given a worker that knows one actor, with Retries in place
		declare("known", Map.of(), (args, kwargs) -> null);
		startWorker(1);
		// When a message arrives for an actor it does not know
		Message sent = send("unknown", List.of(), Map.of());
		join();
		// I expect it dead-lettered once with a clear error, and no retry
		assertThat(this.broker.deadLetters(QUEUE)).singleElement().satisfies((dead) -> {
			assertThat(dead.message().messageId()).isEqualTo(sent.messageId());
			assertThat(dead.message().options()).doesNotContainKey("retries");
			assertThat(dead.exception()).isInstanceOf(ActorNotFoundException.class);
		});
		assertThat(this.recorder.enqueued).hasSize(1);
		assertThat(this.recorder.processed).isEmpty();
		assertThat(this.logs.messages(Level.ERROR)).singleElement()
			.asString()
			.contains("Actor 'unknown' is not registered");
		assertThat(this.worker.isRunning()).isTrue();
	}

	@Test
	void defaultsAreThoseOfPythonDramatiq() {
		Retries retries = new Retries();
		assertThat(retries.maxRetries()).isEqualTo(20);
		assertThat(retries.minBackoff()).isEqualTo(Duration.ofMillis(15000));
		assertThat(retries.maxBackoff()).isEqualTo(Duration.ofMillis(604800000));
		assertThat(retries.retryWhen()).isNull();
		assertThat(retries.actorOptions()).containsExactlyInAnyOrder("max_retries", "min_backoff", "max_backoff",
				"retry_when", "throws", "on_retry_exhausted");
	}

}
