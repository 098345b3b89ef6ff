package io.dramatiq.spring.boot.autoconfigure;

import java.util.List;

import io.dramatiq.spring.WorkerContainer;
import io.dramatiq.spring.boot.actuate.DramatiqHealthIndicator;
import io.dramatiq.worker.Worker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DramatiqHealthContributorAutoConfiguration} and the health it reports
 * on the stub broker.
 */
class DramatiqHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class,
				DramatiqHealthContributorAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.threads=2");

	@Test
	void healthIsUpWithBrokerTypeAndRunningWorker() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DramatiqHealthIndicator.class).hasBean("dramatiqHealthIndicator");
			Health health = context.getBean(DramatiqHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("broker", "stub")
				.containsEntry("worker", "running")
				.containsEntry("threads", 2)
				.containsEntry("queues", List.of());
		});
	}

	@Test
	void healthIsDownWhenTheWorkerStoppedUnexpectedly() {
		this.contextRunner.run((context) -> {
			// the worker stops although its container still runs
			context.getBean(Worker.class).stop();
			Health health = context.getBean(DramatiqHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("worker", "stopped unexpectedly");
		});
	}

	@Test
	void healthStaysUpWhenTheWorkerWasAskedToStop() {
		this.contextRunner.run((context) -> {
			context.getBean(WorkerContainer.class).stop();
			Health health = context.getBean(DramatiqHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("worker", "stopped");
		});
	}

	@Test
	void producerOnlyHealthHasNoWorkerDetails() {
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false").run((context) -> {
			Health health = context.getBean(DramatiqHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsOnlyKeys("broker");
		});
	}

	@Test
	void healthIndicatorIsOffWhenDisabled() {
		this.contextRunner.withPropertyValues("management.health.dramatiq.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DramatiqHealthIndicator.class));
	}

	@Test
	void healthIndicatorBacksOffWithoutSpringBootHealth() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DramatiqHealthIndicator.class));
	}

	@Test
	void healthIndicatorBacksOffWhenDramatiqIsDisabled() {
		this.contextRunner.withPropertyValues("dramatiq.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DramatiqHealthIndicator.class));
	}

	@Test
	void healthIndicatorBacksOffWhenTheApplicationDefinesOne() {
		this.contextRunner
			.withBean("dramatiqHealthIndicator", HealthIndicator.class, () -> () -> Health.outOfService().build())
			.run((context) -> assertThat(context).doesNotHaveBean(DramatiqHealthIndicator.class));
	}

}
