package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import io.dramatiq.actor.Actor;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.observation.DefaultDramatiqProcessObservationConvention;
import io.dramatiq.observation.DefaultDramatiqSendObservationConvention;
import io.dramatiq.observation.DramatiqProcessContext;
import io.dramatiq.observation.DramatiqProcessObservationConvention;
import io.dramatiq.observation.DramatiqSendContext;
import io.dramatiq.observation.DramatiqSendObservationConvention;
import io.dramatiq.spring.ActorProxy;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.brave.autoconfigure.BraveAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DramatiqObservationAutoConfiguration}, with Spring Boot's own
 * observation and Brave tracing auto-configurations for the end-to-end case.
 */
class DramatiqObservationAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DramatiqAutoConfiguration.class, DramatiqObservationAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.worker-timeout=20ms")
		.withUserConfiguration(GreeterConfiguration.class);

	@Test
	void withBootsTracingTheActorRunsInTheSendersTraceAndLogsItsIds() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, BraveAutoConfiguration.class,
					DramatiqAutoConfiguration.class, DramatiqObservationAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.worker-timeout=20ms",
					"management.tracing.sampling.probability=1.0")
			.withUserConfiguration(GreeterConfiguration.class, SpansConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(DramatiqObservationsPostProcessor.class);
				// When I send a message through the actor's proxy and it runs
				Message sent = context.getBean("greet", ActorProxy.class).send("Ada");
				context.getBean(StubBroker.class).join("default", WAIT);
				// I expect a producer span whose context the message carries
				Spans spans = context.getBean(Spans.class);
				MutableSpan send = spans.named("greet send");
				MutableSpan process = spans.named("greet process");
				assertThat(sent.options()).containsEntry("traceparent",
						"00-" + send.traceId() + "-" + send.id() + "-01");
				// and the run to be its child, with Boot's logging correlation in the MDC
				assertThat(process.traceId()).isEqualTo(send.traceId());
				assertThat(process.parentId()).isEqualTo(send.id());
				assertThat(context.getBean(Greeter.class).traceIds).containsExactly(process.traceId());
			});
	}

	@Test
	void withBootsMetricsSendsAndRunsAreTimersTaggedWithTheActorAndTheError() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
							CompositeMeterRegistryAutoConfiguration.class, ObservationAutoConfiguration.class,
							DramatiqAutoConfiguration.class, DramatiqObservationAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.worker-timeout=20ms")
			.withUserConfiguration(GreeterConfiguration.class)
			.run((context) -> {
				context.getBean("greet", ActorProxy.class).send("Ada");
				context.getBean(StubBroker.class).join("default", WAIT);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("dramatiq.send")
					.tag("actor_name", "greet")
					.tag("queue_name", "default")
					.tag("error", "none")
					.timer()
					.count()).isOne();
				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(meters.find("dramatiq.process")
						.tag("actor_name", "greet")
						.tag("queue_name", "default")
						.tag("error", "none")
						.timer()).isNotNull().satisfies((timer) -> assertThat(timer.count()).isOne()));
			});
	}

	@Test
	void sendsAndRunsAreObservedOnTheApplicationsRegistry() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry).run((context) -> {
			context.getBean("greet", ActorProxy.class).send("Ada");
			context.getBean(StubBroker.class).join("default", WAIT);
			assertThat(registry).hasObservationWithNameEqualTo("dramatiq.send")
				.that()
				.hasLowCardinalityKeyValue("actor_name", "greet")
				.hasLowCardinalityKeyValue("queue_name", "default");
			assertThat(registry).hasObservationWithNameEqualTo("dramatiq.process")
				.that()
				.hasLowCardinalityKeyValue("actor_name", "greet");
		});
	}

	@Test
	void conventionBeansReplaceTheDefaults() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
			.withUserConfiguration(ConventionsConfiguration.class)
			.run((context) -> {
				context.getBean("greet", ActorProxy.class).send("Ada");
				context.getBean(StubBroker.class).join("default", WAIT);
				assertThat(registry).hasObservationWithNameEqualTo("dramatiq.send")
					.that()
					.hasLowCardinalityKeyValue("tenant", "acme");
				assertThat(registry).hasObservationWithNameEqualTo("dramatiq.process")
					.that()
					.hasLowCardinalityKeyValue("tenant", "acme");
			});
	}

	@Test
	void observationsAreOffWhenDisabled() {
		TestObservationRegistry registry = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> registry)
			.withPropertyValues("dramatiq.observations.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(DramatiqObservationsPostProcessor.class);
				Message sent = context.getBean("greet", ActorProxy.class).send("Ada");
				context.getBean(StubBroker.class).join("default", WAIT);
				assertThat(sent.options()).isEmpty();
				assertThat(registry).doesNotHaveAnyObservation();
			});
	}

	@Test
	void observationsBackOffWithoutARegistry() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(DramatiqObservationsPostProcessor.class));
	}

	@Test
	void observationsBackOffWithoutMicrometerObservation() {
		this.contextRunner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
			.withClassLoader(new FilteredClassLoader(ObservationRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DramatiqObservationsPostProcessor.class));
	}

	@Test
	void misspeltObservationsSettingFailsStartUpNamingTheValidOne() {
		this.contextRunner.withPropertyValues("dramatiq.observations.enable=false")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("dramatiq.observations.enable")
				.hasMessageContaining("dramatiq.observations.enabled"));
	}

	public static class Greeter {

		private final List<String> traceIds = new CopyOnWriteArrayList<>();

		@Actor(name = "greet")
		public void greet(String name) {
			this.traceIds.add(MDC.get("traceId"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GreeterConfiguration {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

	static class Spans extends SpanHandler {

		private final List<MutableSpan> finished = new CopyOnWriteArrayList<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			this.finished.add(span);
			return true;
		}

		MutableSpan named(String name) {
			List<MutableSpan> found = this.finished.stream().filter((span) -> name.equals(span.name())).toList();
			assertThat(found).as("spans named '%s' among %s", name, this.finished).hasSize(1);
			return found.get(0);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SpansConfiguration {

		@Bean
		Spans spans() {
			return new Spans();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConventionsConfiguration {

		@Bean
		DramatiqSendObservationConvention tenantSendConvention() {
			return new DefaultDramatiqSendObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(DramatiqSendContext context) {
					return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
				}

			};
		}

		@Bean
		DramatiqProcessObservationConvention tenantProcessConvention() {
			return new DefaultDramatiqProcessObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(DramatiqProcessContext context) {
					return super.getLowCardinalityKeyValues(context).and("tenant", "acme");
				}

			};
		}

	}

}
