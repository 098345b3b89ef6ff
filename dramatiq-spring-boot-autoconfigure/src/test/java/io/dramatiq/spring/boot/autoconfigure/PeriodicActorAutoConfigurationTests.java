package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.DramatiqException;
import io.dramatiq.actor.Actor;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.schedule.FixedRateTrigger;
import io.dramatiq.schedule.LocalScheduleLock;
import io.dramatiq.schedule.MissedTicks;
import io.dramatiq.schedule.Periodic;
import io.dramatiq.schedule.Schedule;
import io.dramatiq.schedule.ScheduleLock;
import io.dramatiq.spring.ActorDefinitionException;
import io.dramatiq.spring.CronScheduleTrigger;
import io.dramatiq.spring.SchedulerContainer;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Periodic actors in a Spring Boot application on the stub broker: {@code @Periodic},
 * {@code dramatiq.schedules.*}, their checks at start-up and the endpoint.
 */
class PeriodicActorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DramatiqAutoConfiguration.class, DramatiqEndpointAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.worker-timeout=20ms",
				"management.endpoints.web.exposure.include=dramatiq");

	@Test
	void periodicActorRunsOnEveryTickOfItsCronExpressionAndTheEndpointListsIt() {
		this.contextRunner.withUserConfiguration(ReportsConfiguration.class).run((context) -> {
			// Given an @Actor @Periodic(cron = "* * * * * *") method
			Reports reports = context.getBean(Reports.class);
			// I expect the worker to run it on the next ticks, once each
			await().atMost(Duration.ofSeconds(10)).until(() -> reports.runs.size() >= 2);
			// and the endpoint to list its schedule with its next and last run
			DramatiqEndpoint.DramatiqDescriptor descriptor = context.getBean(DramatiqEndpoint.class).dramatiq();
			assertThat(descriptor.schedules()).singleElement().satisfies((schedule) -> {
				assertThat(schedule.actor()).isEqualTo("nightly_report");
				assertThat(schedule.expression()).isEqualTo("cron \"* * * * * *\"");
				assertThat(schedule.zone()).isEqualTo("Europe/Paris");
				assertThat(schedule.missedTicks()).isEqualTo("skip");
				assertThat(schedule.nextRun()).isNotNull();
				assertThat(schedule.lastRun()).isNotNull();
			});
		});
	}

	@Test
	void scheduleLockIsTheStubBrokersOwn() {
		this.contextRunner.withUserConfiguration(ReportsConfiguration.class)
			.run((context) -> assertThat(context.getBean(ScheduleLock.class))
				.isSameAs(context.getBean(StubBroker.class).scheduleLock()));
	}

	@Test
	void applicationThatOnlySendsStillEnqueuesTicks() {
		this.contextRunner.withUserConfiguration(ReportsConfiguration.class)
			.withPropertyValues("dramatiq.worker.enabled=false")
			.run((context) -> {
				StubBroker broker = context.getBean(StubBroker.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> broker.queueCounts("default").ready() >= 1);
				assertThat(context.getBean(Reports.class).runs).isEmpty();
			});
	}

	@Test
	void propertiesOverrideTheAnnotation() {
		this.contextRunner.withUserConfiguration(ReportsConfiguration.class)
			.withPropertyValues("dramatiq.schedules.[nightly_report].fixed-rate=1h",
					"dramatiq.schedules.[nightly_report].missed-ticks=run-once")
			.run((context) -> assertThat(context.getBean(SchedulerContainer.class).getScheduler().schedules())
				.containsExactly(new Schedule("nightly_report", new FixedRateTrigger(Duration.ofHours(1)), null,
						MissedTicks.RUN_ONCE)));
	}

	@Test
	void propertyZoneAppliesToTheAnnotationsCronExpression() {
		this.contextRunner.withUserConfiguration(ReportsConfiguration.class)
			.withPropertyValues("dramatiq.schedules.[nightly_report].zone=America/New_York")
			.run((context) -> assertThat(context.getBean(SchedulerContainer.class).getScheduler().schedules())
				.singleElement()
				.satisfies((schedule) -> {
					assertThat(schedule.zone()).isEqualTo("America/New_York");
					assertThat(((CronScheduleTrigger) schedule.trigger()).zone().getId()).isEqualTo("America/New_York");
				}));
	}

	@Test
	void scheduleEnabledFalseTurnsTheAnnotationOff() {
		this.contextRunner.withUserConfiguration(ReportsConfiguration.class)
			.withPropertyValues("dramatiq.schedules.[nightly_report].enabled=false")
			.run((context) -> assertThat(context.getBean(SchedulerContainer.class).getScheduler().schedules())
				.isEmpty());
	}

	@Test
	void schedulerEnabledFalseLeavesNoScheduler() {
		this.contextRunner.withUserConfiguration(ReportsConfiguration.class)
			.withPropertyValues("dramatiq.scheduler.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SchedulerContainer.class)
				.doesNotHaveBean(ScheduleLock.class));
	}

	@Test
	void propertiesScheduleAnActorWithoutTheAnnotation() {
		this.contextRunner.withUserConfiguration(CleanupConfiguration.class)
			.withPropertyValues("dramatiq.schedules.cleanup.cron=0 0 3 * * *",
					"dramatiq.schedules.cleanup.zone=Europe/Paris")
			.run((context) -> assertThat(context.getBean(SchedulerContainer.class).getScheduler().schedules())
				.singleElement()
				.satisfies((schedule) -> {
					assertThat(schedule.trigger().expression()).isEqualTo("cron \"0 0 3 * * *\"");
					assertThat(schedule.zone()).isEqualTo("Europe/Paris");
					assertThat(schedule.missedTicks()).isEqualTo(MissedTicks.SKIP);
				}));
	}

	@Test
	void badCronExpressionFailsStartUpNamingTheProperty() {
		this.contextRunner.withUserConfiguration(CleanupConfiguration.class)
			.withPropertyValues("dramatiq.schedules.cleanup.cron=0 0 25 * * *")
			.run((context) -> assertThat(dramatiqFailure(context)).isInstanceOf(DramatiqPropertyException.class)
				.hasMessageContaining("Property 'dramatiq.schedules.cleanup.cron' is not a valid cron expression"));
	}

	@Test
	void badZoneFailsStartUpNamingTheProperty() {
		this.contextRunner.withUserConfiguration(CleanupConfiguration.class)
			.withPropertyValues("dramatiq.schedules.cleanup.cron=0 0 3 * * *",
					"dramatiq.schedules.cleanup.zone=Mars/Olympus")
			.run((context) -> assertThat(dramatiqFailure(context)).isInstanceOf(DramatiqPropertyException.class)
				.hasMessageContaining("Property 'dramatiq.schedules.cleanup.zone' is not a time zone"));
	}

	@Test
	void cronAndFixedRateTogetherFailStartUp() {
		this.contextRunner.withUserConfiguration(CleanupConfiguration.class)
			.withPropertyValues("dramatiq.schedules.cleanup.cron=0 0 3 * * *",
					"dramatiq.schedules.cleanup.fixed-rate=1h")
			.run((context) -> assertThat(dramatiqFailure(context)).hasMessageContaining(
					"'dramatiq.schedules.cleanup.cron' and 'dramatiq.schedules.cleanup.fixed-rate'" + " are both set"));
	}

	@Test
	void scheduleWithoutCronNorFixedRateFailsStartUp() {
		this.contextRunner.withUserConfiguration(CleanupConfiguration.class)
			.withPropertyValues("dramatiq.schedules.cleanup.zone=UTC")
			.run((context) -> assertThat(dramatiqFailure(context))
				.hasMessageContaining("sets neither 'cron' nor 'fixed-rate'"));
	}

	@Test
	void scheduleOfAnUnknownActorFailsStartUpNamingIt() {
		this.contextRunner.withUserConfiguration(CleanupConfiguration.class)
			.withPropertyValues("dramatiq.schedules.clean-up.fixed-rate=1h")
			.run((context) -> assertThat(dramatiqFailure(context))
				.hasMessageContaining("Actor 'clean-up' has a schedule but is not declared")
				.hasMessageContaining("[cleanup]"));
	}

	@Test
	void periodicMethodWithParametersFailsStartUpNamingIt() {
		this.contextRunner.withUserConfiguration(PeriodicWithArgumentConfiguration.class)
			.run((context) -> assertThat(dramatiqFailure(context)).isInstanceOf(ActorDefinitionException.class)
				.hasMessageContaining("@Periodic @Actor method PeriodicWithArgument.send(String)")
				.hasMessageContaining("takes parameters"));
	}

	@Test
	void propertyScheduleOfAMethodWithParametersFailsNamingTheProperty() {
		this.contextRunner.withUserConfiguration(WithArgumentConfiguration.class)
			.withPropertyValues("dramatiq.schedules.greet.fixed-rate=1h")
			.run((context) -> assertThat(dramatiqFailure(context)).isInstanceOf(DramatiqPropertyException.class)
				.hasMessageContaining("Property 'dramatiq.schedules.greet.*' schedules actor 'greet'")
				.hasMessageContaining("WithArgument.greet(String) takes parameters"));
	}

	@Test
	void badAnnotationCronFailsStartUpNamingTheMethod() {
		this.contextRunner.withUserConfiguration(BadCronConfiguration.class)
			.run((context) -> assertThat(dramatiqFailure(context)).isInstanceOf(ActorDefinitionException.class)
				.hasMessageContaining("@Periodic on BadCron.tick() of actor 'tick' has cron 'every minute'"));
	}

	@Test
	void threeInstancesSharingALockEnqueueEachTickOnce() {
		// Given three applications that share a lock, as they would share a broker
		try (PeriodicInstances instances = new PeriodicInstances("tick_stub")) {
			Map<String, Object> shared = Map.of("dramatiqScheduleLock", new LocalScheduleLock());
			String[] properties = { "dramatiq.broker.type=stub", "dramatiq.worker.enabled=false",
					"dramatiq.schedules.tick_stub.fixed-rate=100ms" };
			for (int i = 0; i < 3; i++) {
				instances.start(StubApplication.class, shared, properties);
			}
			// When 20 ticks pass
			instances.awaitTicks(20, Duration.ofSeconds(20));
			// I expect each to be enqueued once, with none left out
			instances.assertEachTickOnce(Duration.ofMillis(100));
			// and the next ones too once an instance stopped
			int stopped = instances.latestEnqueuer();
			instances.context(stopped).close();
			int before = instances.ticks().size();
			instances.awaitTicks(before + 5, Duration.ofSeconds(20));
			instances.assertEachTickOnce(Duration.ofMillis(100));
		}
	}

	/**
	 * Return the first Dramatiq exception behind a failed start.
	 */
	private static Throwable dramatiqFailure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		for (Throwable ex = context.getStartupFailure(); ex != null; ex = ex.getCause()) {
			if (ex instanceof DramatiqException) {
				return ex;
			}
		}
		return context.getStartupFailure();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DramatiqAutoConfiguration.class)
	static class StubApplication {

	}

	public static class Reports {

		final List<String> runs = new CopyOnWriteArrayList<>();

		@Actor(name = "nightly_report")
		@Periodic(cron = "* * * * * *", zone = "Europe/Paris")
		public void report() {
			this.runs.add("report");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReportsConfiguration {

		@Bean
		Reports reports() {
			return new Reports();
		}

	}

	public static class Cleanup {

		@Actor
		public void cleanup() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CleanupConfiguration {

		@Bean
		Cleanup cleanupService() {
			return new Cleanup();
		}

	}

	public static class PeriodicWithArgument {

		@Actor
		@Periodic(fixedRate = "1m")
		public void send(String to) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PeriodicWithArgumentConfiguration {

		@Bean
		PeriodicWithArgument periodicWithArgument() {
			return new PeriodicWithArgument();
		}

	}

	public static class WithArgument {

		@Actor
		public void greet(String name) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WithArgumentConfiguration {

		@Bean
		WithArgument withArgument() {
			return new WithArgument();
		}

	}

	public static class BadCron {

		@Actor
		@Periodic(cron = "every minute")
		public void tick() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadCronConfiguration {

		@Bean
		BadCron badCron() {
			return new BadCron();
		}

	}

}
