package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.actor.Actor;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.RetryWhen;
import io.dramatiq.middleware.TimeLimitExceededException;
import io.dramatiq.spring.ActorDefinitionException;
import io.dramatiq.spring.ActorProxy;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for each actor setting of {@code dramatiq.actors.*}: durations in Spring's forms,
 * {@code retry_when} naming a bean, callbacks naming actors, {@code throws} naming
 * classes, options of users' middleware, and start-up failures that name the actor, the
 * option and where it is set. {@link ActorSettingsPrecedenceTests} covers the precedence.
 */
@ExtendWith(OutputCaptureExtension.class)
class ActorSettingsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.threads=2",
				"dramatiq.worker.worker-timeout=10ms", "dramatiq.actors.defaults.min-backoff=1ms",
				"dramatiq.actors.defaults.max-backoff=4ms")
		.withUserConfiguration(ActorsConfiguration.class);

	@Test
	void durationsInSpringsFormsBecomeMilliseconds() {
		this.contextRunner
			.withPropertyValues("dramatiq.worker.enabled=false", "dramatiq.actors.defaults.max-backoff=7d",
					"dramatiq.actors.defaults.max-age=1h", "dramatiq.actors.[always_fails].min-backoff=15s",
					"dramatiq.actors.[always_fails].time-limit=PT10M", "dramatiq.actors.succeeds.time-limit=2500")
			.run((context) -> {
				StubBroker broker = context.getBean(StubBroker.class);
				assertThat(broker.actors().get("always_fails").options()).containsEntry("min_backoff", 15000L)
					.containsEntry("max_backoff", 604800000L)
					.containsEntry("max_age", 3600000L)
					.containsEntry("time_limit", 600000L);
				// a bare number is milliseconds, as in Python
				assertThat(broker.actors().get("succeeds").options()).containsEntry("time_limit", 2500L);
			});
	}

	@Test
	void minBackoffSetsTheDelayOfTheFirstRetry() {
		this.contextRunner
			.withPropertyValues("dramatiq.actors.[always_fails].min-backoff=2s",
					"dramatiq.actors.[always_fails].max-backoff=1m", "dramatiq.actors.[always_fails].max-retries=1")
			.withBean(EnqueueRecorder.class)
			.run((context) -> {
				context.getBean("always_fails", ActorProxy.class).send();
				EnqueueRecorder recorder = context.getBean(EnqueueRecorder.class);
				recorder.awaitRetry();
				// Python's backoff: min_backoff x 2^0 x U[1, 2) for the first retry
				assertThat(recorder.retryDelays.get(0)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
			});
	}

	@Test
	void timeLimitFromPropertiesInterruptsTheActor() {
		this.contextRunner
			.withPropertyValues("dramatiq.middleware.time-limit.interval=20ms",
					"dramatiq.actors.[waits_long].time-limit=100ms", "dramatiq.actors.[waits_long].max-retries=0")
			.run((context) -> {
				StubBroker broker = context.getBean(StubBroker.class);
				context.getBean("waits_long", ActorProxy.class).send();
				broker.join("default", TIMEOUT, false);
				assertThat(broker.deadLetters("default")).singleElement()
					.satisfies(
							(letter) -> assertThat(letter.exception()).isInstanceOf(TimeLimitExceededException.class));
			});
	}

	@Test
	void retryForeverWithMinusOne() {
		this.contextRunner
			.withPropertyValues("dramatiq.actors.defaults.max-retries=1",
					"dramatiq.actors.[fails_three_times].max-retries=-1")
			.run((context) -> {
				StubBroker broker = context.getBean(StubBroker.class);
				assertThat(broker.actors().get("fails_three_times").options()).containsEntry("max_retries", null);
				context.getBean("fails_three_times", ActorProxy.class).send();
				broker.join("default", TIMEOUT, true);
				assertThat(context.getBean(Actors.class).failures).hasValue(4);
			});
	}

	@Test
	void retryWhenNamesABean() {
		this.contextRunner
			.withPropertyValues("dramatiq.actors.defaults.max-retries=0",
					"dramatiq.actors.[always_fails].retry-when=retryTwice")
			.withBean("retryTwice", RetryWhen.class, () -> (retries, exception) -> retries < 2)
			.run((context) -> {
				// Given a retry_when bean that allows two retries, and max_retries = 0
				StubBroker broker = context.getBean(StubBroker.class);
				// When the actor fails every time
				context.getBean("always_fails", ActorProxy.class).send();
				broker.join("default", TIMEOUT, false);
				// I expect retry_when, not max_retries, to decide: three attempts
				assertThat(context.getBean(Actors.class).failures).hasValue(3);
				assertThat(broker.deadLetters("default")).hasSize(1);
			});
	}

	@Test
	void callbacksNameActors() {
		this.contextRunner
			.withPropertyValues("dramatiq.actors.[always_fails].max-retries=1",
					"dramatiq.actors.[always_fails].on-failure=record",
					"dramatiq.actors.[always_fails].on-retry-exhausted=record",
					"dramatiq.actors.succeeds.on-success=record")
			.run((context) -> {
				StubBroker broker = context.getBean(StubBroker.class);
				context.getBean("always_fails", ActorProxy.class).send();
				context.getBean("succeeds", ActorProxy.class).send();
				broker.join("default", TIMEOUT, false);
				List<Object> reports = context.getBean(Actors.class).recorded.stream()
					.map((args) -> args.get(1))
					.toList();
				Map<String, Object> failure = Map.of("type", "IllegalStateException", "message", "always");
				assertThat(reports).containsExactlyInAnyOrder(failure, failure, Map.of("retries", 1, "max_retries", 1),
						"done");
			});
	}

	@Test
	void throwsNamesExceptionClassesThatAreNeverRetried() {
		this.contextRunner.withPropertyValues("dramatiq.actors.defaults.throws=java.lang.IllegalStateException")
			.run((context) -> {
				StubBroker broker = context.getBean(StubBroker.class);
				context.getBean("always_fails", ActorProxy.class).send();
				broker.join("default", TIMEOUT, false);
				assertThat(context.getBean(Actors.class).failures).hasValue(1);
				assertThat(broker.deadLetters("default")).singleElement()
					.satisfies((letter) -> assertThat(letter.message().options()).doesNotContainKey("retries"));
			});
	}

	@Test
	void optionOfAUsersMiddlewareIsAcceptedWhenAMiddlewareBeanDeclaresIt() {
		this.contextRunner.withPropertyValues("dramatiq.actors.succeeds.options.rate-limit=5")
			.withBean(RateLimitMiddleware.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean("succeeds", ActorProxy.class).send();
				context.getBean(StubBroker.class).join("default", TIMEOUT, true);
				assertThat(context.getBean(RateLimitMiddleware.class).seen).containsExactly("5");
			});
	}

	@Test
	void unknownOptionIsRejectedAtStartUp() {
		this.contextRunner.withPropertyValues("dramatiq.actors.succeeds.options.rate-limit=5")
			.run((context) -> assertThatActorDefinitionFailure(context)
				.hasMessage("Actor 'succeeds' sets option 'rate_limit' (property"
						+ " 'dramatiq.actors.succeeds.options.rate-limit'), but no registered middleware declares it."
						+ " Add a Middleware bean whose actorOptions() include 'rate_limit', or remove the option"
						+ " from property 'dramatiq.actors.succeeds.options.rate-limit'."));
	}

	@Test
	void invalidValueFailsNamingTheActorTheOptionAndTheProperty() {
		this.contextRunner.withPropertyValues("dramatiq.actors.defaults.throws=com.example.Missing")
			.run((context) -> assertThatActorDefinitionFailure(context)
				.hasMessageContaining("has an invalid value for option 'throws', set by property"
						+ " 'dramatiq.actors.defaults.throws': class com.example.Missing was not found. Change property"
						+ " 'dramatiq.actors.defaults.throws' to fully qualified names of exception classes on the"
						+ " class path."));
	}

	@Test
	void retryWhenNamingNoBeanFailsAtStartUp() {
		this.contextRunner.withPropertyValues("dramatiq.actors.[always_fails].retry-when=missing")
			.run((context) -> assertThatActorDefinitionFailure(context)
				.hasMessageContaining("Actor 'always_fails' has an invalid value for option 'retry_when', set by"
						+ " property 'dramatiq.actors.[always_fails].retry-when': No bean named 'missing' available")
				.hasMessageEndingWith("Change property 'dramatiq.actors.[always_fails].retry-when' to the name of a"
						+ " bean that implements RetryWhen or BiPredicate<Integer, Throwable>."));
	}

	@Test
	void invalidAnnotationValueFailsNamingTheAttribute() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=false")
			.withBean(BadTimeLimit.class)
			.run((context) -> assertThatActorDefinitionFailure(context)
				.hasMessageStartingWith("Actor 'run' has an invalid value for option 'time_limit', set by"
						+ " @Actor(timeLimit) on BadTimeLimit.run(): 'soon' is not a duration")
				.hasMessageEndingWith("Change @Actor(timeLimit) on BadTimeLimit.run() to a duration such as"
						+ " '500ms', '30s', '10m', '7d' or 'PT10M'."));
	}

	@Test
	void settingsOfAnActorThatDoesNotExistAreReported(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("dramatiq.worker.enabled=false", "dramatiq.actors.alwaysfails.max-retries=1")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).contains("Property 'dramatiq.actors.alwaysfails' configures actor 'alwaysfails', but this"
				+ " application has no such actor; its actors are [always_fails, fails_three_times, record,"
				+ " succeeds, waits_long].");
	}

	private static AbstractThrowableAssert<?, ? extends Throwable> assertThatActorDefinitionFailure(
			AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		while (failure != null && !(failure instanceof ActorDefinitionException)) {
			failure = failure.getCause();
		}
		return assertThat(failure).as("ActorDefinitionException in the causes of the start-up failure")
			.isInstanceOf(ActorDefinitionException.class);
	}

	public static class Actors {

		final AtomicInteger failures = new AtomicInteger();

		final List<List<Object>> recorded = new CopyOnWriteArrayList<>();

		private final AtomicInteger threeTimes = new AtomicInteger();

		private final CountDownLatch never = new CountDownLatch(1);

		@Actor(name = "always_fails")
		public void alwaysFails() {
			this.failures.incrementAndGet();
			throw new IllegalStateException("always");
		}

		@Actor(name = "fails_three_times")
		public void failsThreeTimes() {
			this.failures.incrementAndGet();
			if (this.threeTimes.incrementAndGet() <= 3) {
				throw new IllegalStateException("not yet");
			}
		}

		@Actor
		public String succeeds() {
			return "done";
		}

		@Actor(name = "waits_long")
		public void waitsLong() throws InterruptedException {
			this.never.await(10, TimeUnit.SECONDS);
		}

		@Actor
		public void record(Map<String, Object> message, Object report) {
			this.recorded.add(Arrays.asList(message, report));
		}

	}

	static class BadTimeLimit {

		@Actor(timeLimit = "soon")
		public void run() {
		}

	}

	/**
	 * Records the delay of every retry the Retries middleware enqueues.
	 */
	static class EnqueueRecorder implements Middleware {

		final List<Duration> retryDelays = new CopyOnWriteArrayList<>();

		private final CountDownLatch retried = new CountDownLatch(1);

		@Override
		public void afterEnqueue(Broker broker, Message message, Duration delay) {
			if (delay != null && message.options().containsKey("retries")) {
				this.retryDelays.add(delay);
				this.retried.countDown();
			}
		}

		void awaitRetry() throws InterruptedException {
			assertThat(this.retried.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		}

	}

	/**
	 * A user's middleware with an actor option of its own.
	 */
	static class RateLimitMiddleware implements Middleware {

		final List<Object> seen = new CopyOnWriteArrayList<>();

		@Override
		public Set<String> actorOptions() {
			return Set.of("rate_limit");
		}

		@Override
		public void beforeProcessMessage(Broker broker, MessageProxy message) {
			ActorDefinition actor = broker.actors().get(message.message().actorName());
			this.seen.add(actor.option("rate_limit"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ActorsConfiguration {

		@Bean
		Actors actors() {
			return new Actors();
		}

	}

}
