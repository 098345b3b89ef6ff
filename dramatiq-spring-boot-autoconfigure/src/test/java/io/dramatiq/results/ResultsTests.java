package io.dramatiq.results;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.actor.MethodActorFunction;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.AgeLimit;
import io.dramatiq.middleware.Retries;
import io.dramatiq.middleware.SkipMessageException;
import io.dramatiq.middleware.TimeLimit;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the {@link Results} middleware on a stub broker with a real worker (spec
 * §10.1, C74).
 */
class ResultsTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final String QUEUE = "default";

	private final StubBroker broker = new StubBroker();

	private final StubResultBackend backend = new StubResultBackend();

	private final Results results = new Results(this.backend, JsonMapper.builder().build());

	private final AtomicInteger attempts = new AtomicInteger();

	private Worker worker;

	ResultsTests() {
		this.broker.addMiddleware(new AgeLimit());
		this.broker.addMiddleware(new Retries());
		this.broker.addMiddleware(this.results);
	}

	@AfterEach
	void stopWorker() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(10));
		}
	}

	private void declare(String actorName, Map<String, ?> options, ActorFunction function) {
		this.broker.declareActor(new ActorDefinition(actorName, QUEUE, 0, new HashMap<>(options), function));
	}

	private Message send(String actorName, List<?> args, Map<String, ?> options) {
		return this.broker.enqueue(Message.create(QUEUE, actorName, args, Map.of(), options));
	}

	private void run() {
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults().withThreads(1).withWorkerTimeout(Duration.ofMillis(50)));
		this.worker.start();
		this.broker.join(QUEUE, WAIT, false);
		this.worker.join(WAIT);
	}

	@Test
	void storeResultsStoresTheReturnValue() {
		declare("add", Map.of("store_results", true),
				(args, kwargs) -> ((Number) args.get(0)).intValue() + ((Number) args.get(1)).intValue());
		Message message = send("add", List.of(1, 2), Map.of());
		run();
		assertThat(this.backend.getResult(message)).isEqualTo(3);
		assertThat(this.results.<Object>result(this.broker, message).get(Duration.ofSeconds(1))).isEqualTo(3);
	}

	@Test
	void nothingIsStoredWithoutStoreResults() {
		declare("add", Map.of(), (args, kwargs) -> 3);
		Message message = send("add", List.of(), Map.of());
		run();
		assertThat(this.backend.isStored(message)).isFalse();
	}

	@Test
	void messageOptionOverridesActorOption() {
		declare("on", Map.of("store_results", true), (args, kwargs) -> "on");
		declare("off", Map.of("store_results", false), (args, kwargs) -> "off");
		Message notStored = send("on", List.of(), Map.of("store_results", false));
		Message stored = send("off", List.of(), Map.of("store_results", true));
		run();
		assertThat(this.backend.isStored(notStored)).isFalse();
		assertThat(this.backend.getResult(stored)).isEqualTo("off");
	}

	@Test
	void failingActorStoresFailureOnlyAfterLastAttempt() {
		List<Boolean> storedBeforeAttempt = new java.util.concurrent.CopyOnWriteArrayList<>();
		Message[] sent = new Message[1];
		declare("fail", Map.of("store_results", true, "max_retries", 2, "min_backoff", 10L, "max_backoff", 50L),
				(args, kwargs) -> {
					storedBeforeAttempt.add(this.backend.isStored(sent[0]));
					this.attempts.incrementAndGet();
					throw new ArithmeticException("division by zero");
				});
		sent[0] = Message.create(QUEUE, "fail", List.of(), Map.of(), Map.of());
		this.broker.enqueue(sent[0]);
		run();
		assertThat(this.attempts).hasValue(3);
		assertThat(storedBeforeAttempt).containsExactly(false, false, false);
		assertThatExceptionOfType(ResultFailureException.class).isThrownBy(() -> this.backend.getResult(sent[0]))
			.satisfies((ex) -> {
				assertThat(ex.getType()).isEqualTo("ArithmeticException");
				assertThat(ex.getText()).isEqualTo("division by zero");
			});
	}

	@Test
	void ageLimitStoresSkipMessageFailure() {
		declare("old", Map.of("store_results", true, "max_age", 1000L), (args, kwargs) -> "never");
		Message message = Message.fromWire(QUEUE, "old", List.of(), Map.of(), Map.of(), Message.newMessageId(),
				System.currentTimeMillis() - 60000);
		this.broker.enqueue(message);
		run();
		assertThatExceptionOfType(ResultFailureException.class).isThrownBy(() -> this.backend.getResult(message))
			.satisfies((ex) -> {
				assertThat(ex.getType()).isEqualTo("SkipMessage");
				assertThat(ex.getText()).isEqualTo("Message age limit exceeded");
			});
	}

	@Test
	void timeLimitStoresTimeLimitExceededWithEmptyText() {
		this.broker.addMiddleware(new TimeLimit(null, Duration.ofMillis(20)));
		declare("sleepy", Map.of("store_results", true, "time_limit", 100L, "max_retries", 0), (args, kwargs) -> {
			// the actor's own work, which never ends: interrupted by the time limit
			new CountDownLatch(1).await();
			return "late";
		});
		Message message = send("sleepy", List.of(), Map.of());
		run();
		assertThatExceptionOfType(ResultFailureException.class).isThrownBy(() -> this.backend.getResult(message))
			.satisfies((ex) -> {
				assertThat(ex.getType()).isEqualTo("TimeLimitExceeded");
				assertThat(ex.getText()).isEmpty();
			});
	}

	@Test
	void skipThatIsNotAFailureStoresNull() {
		this.broker.addMiddleware(new Middleware() {
			@Override
			public void beforeProcessMessage(Broker broker, MessageProxy message) {
				throw new SkipMessageException("not today");
			}
		});
		declare("skipped", Map.of("store_results", true), (args, kwargs) -> "never");
		Message message = send("skipped", List.of(), Map.of());
		run();
		assertThat(this.backend.isStored(message)).isTrue();
		assertThat(this.backend.getResult(message)).isNull();
	}

	@Test
	void unknownActorStoresNothing() {
		declare("known", Map.of("store_results", true), (args, kwargs) -> 1);
		Message message = send("ghost", List.of(), Map.of("store_results", true));
		run();
		assertThat(this.backend.isStored(message)).isFalse();
	}

	record Point(int x, String label) {
	}

	@Test
	void recordResultIsStoredAsObjectAndReadBackTyped() throws Exception {
		ActorFunction function = new ActorFunction() {
			@Override
			public Object call(List<Object> args, Map<String, Object> kwargs) {
				return new Point(1, "a");
			}

			@Override
			public java.lang.reflect.Type returnType() {
				return Point.class;
			}
		};
		declare("point", Map.of("store_results", true), function);
		Message message = send("point", List.of(), Map.of());
		run();
		assertThat(this.backend.getResult(message)).isEqualTo(Map.of("x", 1, "label", "a"));
		MessageResult<Point> result = this.results.result(this.broker, message);
		assertThat(result.isCompleted()).isTrue();
		assertThat(result.get()).isEqualTo(new Point(1, "a"));
		assertThat(result.getNow()).isEqualTo(new Point(1, "a"));
		assertThat(result.as(Map.class).getNow()).isEqualTo(Map.of("x", 1, "label", "a"));
		assertThat(result.toFuture(Duration.ofSeconds(1)).get()).isEqualTo(new Point(1, "a"));
	}

	/** An actor bean whose method declares its return type. */
	public static class Geometry {

		public Point origin() {
			return new Point(0, "origin");
		}

		public void nothing() {
		}

	}

	@Test
	void methodActorResultIsTypedByTheMethodsReturnType() throws Exception {
		JsonMapper mapper = JsonMapper.builder().build();
		declare("origin", Map.of("store_results", true),
				new MethodActorFunction(new Geometry(), Geometry.class.getMethod("origin"), mapper));
		declare("nothing", Map.of("store_results", true),
				new MethodActorFunction(new Geometry(), Geometry.class.getMethod("nothing"), mapper));
		Message origin = send("origin", List.of(), Map.of());
		Message nothing = send("nothing", List.of(), Map.of());
		run();
		Point point = this.results.<Point>result(this.broker, origin).get();
		assertThat(point).isEqualTo(new Point(0, "origin"));
		assertThat(this.results.result(this.broker, nothing).get()).isNull();
	}

	@Test
	void valueThatDoesNotFitNamesBothTypesAndKeepsJson() {
		declare("text", Map.of("store_results", true), (args, kwargs) -> List.of("a", "b"));
		Message message = send("text", List.of(), Map.of());
		run();
		MessageResult<Point> result = this.results.result(message, Point.class);
		assertThatExceptionOfType(ResultBindingException.class).isThrownBy(result::getNow).satisfies((ex) -> {
			assertThat(ex).hasMessageContaining("JSON array").hasMessageContaining(Point.class.getName());
			assertThat(ex.getStoredJson()).isEqualTo("[\"a\",\"b\"]");
		});
	}

	@Test
	void futureCompletesExceptionallyWithTheResultException() {
		Message message = Message.create(QUEUE, "slow", List.of(), Map.of(), Map.of());
		MessageResult<Object> result = this.results.result(message, Object.class);
		assertThat(result.toFuture(Duration.ofMillis(50))).failsWithin(WAIT)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(ResultTimeoutException.class);
	}

	@Test
	void ofFindsTheMiddlewareOrSaysNoneIsConfigured() {
		assertThat(Results.of(this.broker)).isSameAs(this.results);
		assertThatIllegalStateException().isThrownBy(() -> Results.of(new StubBroker()))
			.withMessageContaining("No results backend is configured");
	}

	@Test
	void optionsAreDeclaredWithPythonDefaults() {
		assertThat(this.results.actorOptions()).containsExactlyInAnyOrder("store_results", "result_ttl");
		assertThat(this.results.actorOptionSpecs()).extracting((spec) -> spec.defaultValue())
			.containsExactly(false, 600000L);
	}

	@Test
	void resultTtlFromMessageOptionIsHonoured() {
		declare("short", Map.of("store_results", true), (args, kwargs) -> 1);
		Message message = send("short", List.of(), Map.of("result_ttl", 1L));
		run();
		org.awaitility.Awaitility.await().atMost(WAIT).until(() -> !this.backend.isStored(message));
	}

	@Test
	void returningValueWithoutStoringWarnsOncePerActor() {
		Logger logger = (Logger) LoggerFactory.getLogger(Results.class);
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		logger.addAppender(appender);
		try {
			declare("chatty", Map.of(), (args, kwargs) -> 3);
			send("chatty", List.of(), Map.of());
			send("chatty", List.of(), Map.of());
			send("chatty", List.of(), new LinkedHashMap<>(Map.of("pipe_target", Map.of())));
			run();
			assertThat(appender.list).filteredOn((event) -> event.getLevel() == Level.WARN)
				.singleElement()
				.satisfies((event) -> assertThat(event.getFormattedMessage()).contains("'chatty'"));
		}
		finally {
			logger.detachAppender(appender);
		}
	}

}
