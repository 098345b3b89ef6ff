package io.dramatiq.spring.boot.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a misspelt {@code dramatiq.*} property fails start-up, naming the property
 * and the closest valid one, from every kind of property source, while every valid
 * property still starts.
 */
class UnknownPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub")
		.withUserConfiguration(ActorsConfiguration.class);

	@Test
	void misspeltActorDefaultFailsNamingTheClosestSetting() {
		this.contextRunner.withPropertyValues("dramatiq.actors.defaults.max-retires=3")
			.run((context) -> assertThat(failure(context).getDescription())
				.startsWith("Property 'dramatiq.actors.defaults.max-retires' (")
				.endsWith("is not a Dramatiq setting; did you mean 'dramatiq.actors.defaults.max-retries'?"));
	}

	@Test
	void misspeltOptionOfOneActorFailsNamingTheClosestSetting() {
		this.contextRunner.withPropertyValues("dramatiq.actors.[send_email].time-limt=30s")
			.run((context) -> assertThat(failure(context).getDescription())
				.contains("Property 'dramatiq.actors[send_email].time-limt'")
				.contains("did you mean 'dramatiq.actors[send_email].time-limit'?"));
	}

	@Test
	void misspeltWorkerSettingInAnEnvironmentVariableFailsNamingTheVariable() {
		this.contextRunner.withInitializer(environmentVariables(Map.of("DRAMATIQ_WORKER_THREAD", "4")))
			.run((context) -> {
				FailureAnalysis analysis = failure(context);
				assertThat(analysis.getDescription()).contains("Property 'dramatiq.worker.thread'")
					.contains("DRAMATIQ_WORKER_THREAD")
					.contains("did you mean 'dramatiq.worker.threads'?");
				assertThat(analysis.getAction())
					.contains("Rename 'dramatiq.worker.thread' to 'dramatiq.worker.threads'");
			});
	}

	@Test
	void misspeltScheduleSettingFailsNamingTheClosestSetting() {
		this.contextRunner.withPropertyValues("dramatiq.schedules.cleanup.fixed-rat=1h")
			.run((context) -> assertThat(failure(context).getDescription())
				.contains("Property 'dramatiq.schedules.cleanup.fixed-rat'")
				.contains("did you mean 'dramatiq.schedules.cleanup.fixed-rate'?"));
	}

	@Test
	void misspeltWorkerSettingInAPropertiesSourceFails() {
		this.contextRunner.withPropertyValues("dramatiq.worker.thread=4")
			.run((context) -> assertThat(failure(context).getDescription())
				.contains("did you mean 'dramatiq.worker.threads'?"));
	}

	@Test
	void misspeltBrokerTypeOnTheCommandLineFailsThoughTheConditionReadsItBeforeBinding() {
		this.contextRunner.withInitializer(commandLine("--dramatiq.broker.typ=redis"))
			.run((context) -> assertThat(failure(context).getDescription()).contains("Property 'dramatiq.broker.typ'")
				.contains("did you mean 'dramatiq.broker.type'?"));
	}

	@Test
	void environmentVariablesWithTheLegacyUnderscoreFormFail() {
		this.contextRunner.withInitializer(environmentVariables(Map.of("DRAMATIQ_WORKER_SHUTDOWN_TIMOUT", "5s")))
			.run((context) -> assertThat(failure(context).getDescription())
				.contains("did you mean 'dramatiq.worker.shutdown-timeout'?"));
	}

	@Test
	void unknownPropertyWithoutACloseOneListsTheSettingsThere() {
		this.contextRunner.withPropertyValues("dramatiq.worker.colour=blue").run((context) -> {
			FailureAnalysis analysis = failure(context);
			assertThat(analysis.getDescription()).endsWith("is not a Dramatiq setting.");
			assertThat(analysis.getAction()).contains("the settings under 'dramatiq.worker' are [")
				.contains("threads")
				.contains("shutdown-timeout");
		});
	}

	@Test
	void misspeltSettingOfARateLimiterFailsNamingTheClosestSetting() {
		this.contextRunner
			.withPropertyValues("dramatiq.rate-limits.backend=stub", "dramatiq.rate-limiters.api.type=window",
					"dramatiq.rate-limiters.api.windw=5s")
			.run((context) -> assertThat(failure(context).getDescription())
				.contains("Property 'dramatiq.rate-limiters.api.windw'")
				.contains("did you mean 'dramatiq.rate-limiters.api.window'?"));
	}

	@Test
	void rateLimiterSettingsUnderAnyNameStart() {
		this.contextRunner
			.withPropertyValues("dramatiq.rate-limits.backend=stub", "dramatiq.rate-limiters.api.type=concurrent",
					"dramatiq.rate-limiters.api.key=api-calls", "dramatiq.rate-limiters.api.limit=5",
					"dramatiq.rate-limiters.api.ttl=1m", "dramatiq.rate-limiters.[up_loads].type=bucket",
					"dramatiq.rate-limiters.[up_loads].bucket=10s", "dramatiq.rate-limiters.emails.type=window",
					"dramatiq.rate-limiters.emails.window=60s")
			.run((context) -> assertThat(context).hasNotFailed().hasBean("api").hasBean("up_loads").hasBean("emails"));
	}

	@Test
	void everyDocumentedPropertyStarts() {
		this.contextRunner.withPropertyValues("dramatiq.enabled=true", "dramatiq.broker.fail-fast=false",
				"dramatiq.broker.rabbitmq.max-priority=10", "dramatiq.broker.rabbitmq.confirm-delivery=true",
				"dramatiq.broker.rabbitmq.dead-message-ttl=7d", "dramatiq.broker.rabbitmq.confirm-timeout=30s",
				"dramatiq.broker.redis.namespace=dramatiq", "dramatiq.broker.redis.maintenance-chance=1000",
				"dramatiq.broker.redis.heartbeat-timeout=60s", "dramatiq.broker.redis.dead-message-ttl=7d",
				"dramatiq.worker.enabled=true", "dramatiq.worker.threads=2", "dramatiq.worker.queues=default,emails",
				"dramatiq.worker.shutdown-timeout=10m", "dramatiq.worker.worker-timeout=1s",
				"dramatiq.worker.queue-prefetch=0", "dramatiq.worker.delay-queue-prefetch=0",
				"dramatiq.worker.restart-delay=3s", "dramatiq.middleware.time-limit.interval=1s",
				"dramatiq.endpoint.write-operations-enabled=false", "dramatiq.actors.defaults.max-retries=20",
				"dramatiq.actors.defaults.min-backoff=15s", "dramatiq.actors.defaults.max-backoff=7d",
				"dramatiq.actors.defaults.time-limit=10m", "dramatiq.actors.defaults.max-age=1d",
				"dramatiq.actors.defaults.notify-shutdown=false",
				"dramatiq.actors.defaults.throws[0]=java.lang.IllegalStateException",
				"dramatiq.actors.[send_email].retry-when=retryWhen", "dramatiq.actors.[send_email].on-success=report",
				"dramatiq.actors.[send_email].on-failure=report",
				"dramatiq.actors.[send_email].on-retry-exhausted=report",
				"dramatiq.actors.[send_email].options.rate-limit=5", "dramatiq.actors.report.options.[rate_limit]=1",
				"management.endpoint.dramatiq.show-values=always", "management.anything.at.all=1")
			.withBean(RateLimit.class)
			.withBean("retryWhen", io.dramatiq.middleware.RetryWhen.class, () -> (retries, exception) -> retries < 1)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(StubBroker.class));
	}

	@Test
	void relaxedNamesAndEnvironmentVariablesStart() {
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put("DRAMATIQ_WORKER_SHUTDOWN_TIMEOUT", "5s");
		variables.put("DRAMATIQ_WORKER_SHUTDOWNTIMEOUT", "5s");
		variables.put("DRAMATIQ_ACTORS_DEFAULTS_MAX_RETRIES", "3");
		variables.put("DRAMATIQ_WORKER_QUEUES_0_", "default");
		// Python Dramatiq's own variables, for services beside Python workers
		variables.put("dramatiq_dead_message_ttl", "86400000");
		variables.put("DRAMATIQ_PROM_PORT", "9191");
		this.contextRunner.withInitializer(environmentVariables(variables))
			.withPropertyValues("dramatiq.worker.shutdownTimeout=5s", "dramatiq.actors.defaults.max_retries=3",
					"dramatiq.worker.queues[0]=default")
			.withInitializer(commandLine("--dramatiq.worker.threads=2"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aListSetInAHigherSourceLeavesTheLowerSourcesElementsAlone() {
		this.contextRunner.withPropertyValues("dramatiq.worker.queues[0]=a", "dramatiq.worker.queues[1]=b")
			.withInitializer(commandLine("--dramatiq.worker.queues=default"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void badValueOfAKnownPropertyIsReportedByBindingNotAsUnknown() {
		this.contextRunner.withPropertyValues("dramatiq.worker.threads=many")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.message()
				.doesNotContain("is not a Dramatiq setting"));
	}

	@Test
	void failureComesBeforeAnyBeanIsCreated() {
		AtomicBoolean created = new AtomicBoolean();
		this.contextRunner.withPropertyValues("dramatiq.broker.typ=redis").withBean(Object.class, () -> {
			created.set(true);
			return new Object();
		}).run((context) -> assertThat(context).hasFailed());
		assertThat(created).isFalse();
	}

	private static FailureAnalysis failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new DramatiqPropertyFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> environmentVariables(
			Map<String, Object> variables) {
		return (context) -> {
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							variables));
		};
	}

	private static ApplicationContextInitializer<ConfigurableApplicationContext> commandLine(String... args) {
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SimpleCommandLinePropertySource(args));
	}

	static class RateLimit implements Middleware {

		@Override
		public Set<String> actorOptions() {
			return Set.of("rate_limit");
		}

	}

	public static class Mailer {

		@Actor(name = "send_email")
		public void sendEmail(String address) {
		}

		@Actor(name = "report")
		public void report(Map<String, Object> message, Object result) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ActorsConfiguration {

		@Bean
		Mailer mailer() {
			return new Mailer();
		}

	}

}
