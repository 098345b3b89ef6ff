package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.metrics.DramatiqMetrics;
import io.dramatiq.spring.ActorProxy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DramatiqMetricsAutoConfiguration}, with Spring Boot's own meter
 * registry auto-configuration.
 */
class DramatiqMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				DramatiqAutoConfiguration.class, DramatiqMetricsAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.worker-timeout=20ms");

	@Test
	void brokerGetsTheMetricsMiddlewareOnBootsMeterRegistry() {
		this.contextRunner.withUserConfiguration(GreeterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(DramatiqMetrics.class).hasBean("dramatiqMetrics");
			StubBroker broker = context.getBean(StubBroker.class);
			assertThat(broker.middleware()).contains(context.getBean(DramatiqMetrics.class));
			// When a message runs
			context.getBean("greet", ActorProxy.class).send("Ada");
			broker.join("default", Duration.ofSeconds(10));
			// I expect it counted in Boot's registry, with Python's labels
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(DramatiqMetrics.MESSAGES)
				.tag(DramatiqMetrics.QUEUE_NAME_TAG, "default")
				.tag(DramatiqMetrics.ACTOR_NAME_TAG, "greet")
				.counter()
				.count()).isOne();
			assertThat(registry.get(DramatiqMetrics.QUEUE_READY_MESSAGES)
				.tag(DramatiqMetrics.QUEUE_NAME_TAG, "default")
				.gauge()
				.value()).isZero();
		});
	}

	@Test
	void metricsBackOffWithoutMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DramatiqAutoConfiguration.class, DramatiqMetricsAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=stub")
			.run((context) -> assertThat(context).doesNotHaveBean(DramatiqMetrics.class));
	}

	@Test
	void metricsBackOffWithoutMicrometer() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DramatiqAutoConfiguration.class, DramatiqMetricsAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=stub")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DramatiqMetrics.class));
	}

	@Test
	void metricsBackOffWhenDramatiqIsDisabled() {
		this.contextRunner.withPropertyValues("dramatiq.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DramatiqMetrics.class));
	}

	@Test
	void metricsBackOffWhenTheApplicationDefinesThem() {
		DramatiqMetrics own = new DramatiqMetrics(new SimpleMeterRegistry());
		this.contextRunner.withBean(DramatiqMetrics.class, () -> own).run((context) -> {
			assertThat(context).hasSingleBean(DramatiqMetrics.class);
			assertThat(context.getBean(Broker.class).middleware()).contains(own);
		});
	}

	@Test
	void userMeterRegistryIsUsed() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DramatiqAutoConfiguration.class, DramatiqMetricsAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=stub")
			.withBean(MeterRegistry.class, () -> registry)
			.withUserConfiguration(GreeterConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(DramatiqMetrics.class);
				assertThat(
						registry.find(DramatiqMetrics.MESSAGES).tag(DramatiqMetrics.ACTOR_NAME_TAG, "greet").counter())
					.isNotNull();
			});
	}

	public static class Greeter {

		private final List<String> greeted = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Actor(name = "greet")
		public void greet(String name) {
			this.greeted.add(name);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GreeterConfiguration {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

}
