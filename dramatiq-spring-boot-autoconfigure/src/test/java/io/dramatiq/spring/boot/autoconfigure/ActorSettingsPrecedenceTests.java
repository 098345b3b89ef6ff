package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.actor.Actor;
import io.dramatiq.actor.ActorOptions.Setting;
import io.dramatiq.actor.ActorOptions.Source;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.broker.stub.StubBroker.DeadLetter;
import io.dramatiq.spring.ActorBeanPostProcessor;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.SendOptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a setting follows one precedence, lowest first: Python's default <
 * {@code dramatiq.actors.defaults.*} < {@code @Actor} attribute <
 * {@code dramatiq.actors.<name>.*} < the message's own options. Each level is shown by
 * how many times an actor that always fails runs: {@code max_retries = N} makes N + 1
 * attempts before the message is dead-lettered with {@code retries = N}.
 */
class ActorSettingsPrecedenceTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	// backoff of a few milliseconds, so that 21 attempts take well under a second
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.threads=2",
				"dramatiq.worker.worker-timeout=10ms", "dramatiq.actors.defaults.min-backoff=1ms",
				"dramatiq.actors.defaults.max-backoff=4ms")
		.withUserConfiguration(FlakyConfiguration.class);

	@Test
	void builtInDefaultIsPythons() {
		this.contextRunner.run((context) -> {
			// Given an actor whose max_retries is set nowhere
			// When I send it a message and wait for the queue to drain
			// I expect Python's 20 retries: 21 attempts
			assertThat(attemptsUntilDeadLettered(context, "plain", SendOptions.none())).isEqualTo(21);
		});
	}

	@Test
	void globalDefaultsOverrideTheBuiltInDefault() {
		this.contextRunner.withPropertyValues("dramatiq.actors.defaults.max-retries=1")
			.run((context) -> assertThat(attemptsUntilDeadLettered(context, "plain", SendOptions.none())).isEqualTo(2));
	}

	@Test
	void annotationOverridesGlobalDefaults() {
		// @Actor(maxRetries = 2)
		this.contextRunner.withPropertyValues("dramatiq.actors.defaults.max-retries=1")
			.run((context) -> assertThat(attemptsUntilDeadLettered(context, "annotated_flaky", SendOptions.none()))
				.isEqualTo(3));
	}

	@Test
	void actorPropertiesOverrideTheAnnotation() {
		this.contextRunner
			.withPropertyValues("dramatiq.actors.defaults.max-retries=1",
					"dramatiq.actors.[annotated_flaky].max-retries=3")
			.run((context) -> assertThat(attemptsUntilDeadLettered(context, "annotated_flaky", SendOptions.none()))
				.isEqualTo(4));
	}

	@Test
	void messageOptionsOverrideEveryOtherLevel() {
		this.contextRunner
			.withPropertyValues("dramatiq.actors.defaults.max-retries=1",
					"dramatiq.actors.[annotated_flaky].max-retries=3")
			.run((context) -> assertThat(
					attemptsUntilDeadLettered(context, "annotated_flaky", SendOptions.option("max_retries", 0)))
				.isEqualTo(1));
	}

	@Test
	void resolvedOptionsTellWhereEachValueCameFrom() {
		this.contextRunner
			.withPropertyValues("dramatiq.worker.enabled=false", "dramatiq.actors.defaults.max-retries=1",
					"dramatiq.actors.[annotated_flaky].time-limit=30s")
			.run((context) -> {
				Map<String, Setting> settings = context.getBean(ActorBeanPostProcessor.class)
					.resolvedOptions()
					.get("annotated_flaky")
					.settings();
				assertThat(settings.get("max_age")).isEqualTo(new Setting("max_age", null, Source.BUILT_IN_DEFAULT));
				assertThat(settings.get("min_backoff"))
					.isEqualTo(new Setting("min_backoff", 1L, Source.GLOBAL_DEFAULTS));
				assertThat(settings.get("max_retries")).isEqualTo(new Setting("max_retries", 2, Source.ANNOTATION));
				assertThat(settings.get("time_limit"))
					.isEqualTo(new Setting("time_limit", 30000L, Source.ACTOR_PROPERTIES));
			});
	}

	/**
	 * Send to an actor that always fails, wait until its message is dead-lettered, and
	 * return how many times the actor ran.
	 */
	static int attemptsUntilDeadLettered(AssertableApplicationContext context, String actorName, SendOptions options) {
		StubBroker broker = context.getBean(StubBroker.class);
		context.getBean(actorName, ActorProxy.class).sendWithOptions(options);
		broker.join("default", TIMEOUT, false);
		List<DeadLetter> deadLetters = broker.deadLetters("default");
		assertThat(deadLetters).hasSize(1);
		int attempts = context.getBean(Flaky.class).attempts(actorName);
		// the dead-lettered payload, as last enqueued, counts the retries (none if never
		// retried): one fewer than the attempts
		Object retries = deadLetters.get(0).message().option("retries");
		assertThat((retries != null) ? retries : 0).isEqualTo(attempts - 1);
		assertThat(deadLetters.get(0).exception()).isInstanceOf(IllegalStateException.class);
		return attempts;
	}

	/**
	 * Actors that always fail and count their attempts.
	 */
	public static class Flaky {

		private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

		@Actor
		public void plain() {
			fail("plain");
		}

		@Actor(name = "annotated_flaky", maxRetries = 2)
		public void annotated() {
			fail("annotated_flaky");
		}

		int attempts(String actorName) {
			return this.attempts.getOrDefault(actorName, new AtomicInteger()).get();
		}

		private void fail(String actorName) {
			int attempt = this.attempts.computeIfAbsent(actorName, (name) -> new AtomicInteger()).incrementAndGet();
			throw new IllegalStateException(actorName + " failed, attempt " + attempt);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FlakyConfiguration {

		@Bean
		Flaky flaky() {
			return new Flaky();
		}

	}

}
