package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.Message;
import io.dramatiq.schedule.Scheduler;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances of one application with a periodic actor, each a Spring Boot
 * application context of its own on the same broker, as many processes would be. Each
 * records the ticks it enqueues, so a test can tell which instance enqueued which tick.
 */
final class PeriodicInstances implements AutoCloseable {

	private final List<Enqueued> enqueued = new CopyOnWriteArrayList<>();

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	private final String actorName;

	PeriodicInstances(String actorName) {
		this.actorName = actorName;
	}

	/**
	 * Start one more instance.
	 * @param configuration the application's configuration (auto-configurations)
	 * @param properties its properties
	 * @return the instance's context
	 */
	ConfigurableApplicationContext start(Class<?> configuration, String... properties) {
		return start(configuration, Map.of(), properties);
	}

	/**
	 * Start one more instance with beans shared with the others.
	 * @param configuration the application's configuration (auto-configurations)
	 * @param shared beans by name, the same objects in every instance
	 * @param properties its properties
	 * @return the instance's context
	 */
	ConfigurableApplicationContext start(Class<?> configuration, Map<String, Object> shared, String... properties) {
		int instance = this.contexts.size();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(configuration, PeriodicActor.class)
			.web(WebApplicationType.NONE)
			.bannerMode(org.springframework.boot.Banner.Mode.OFF)
			.registerShutdownHook(false)
			.properties(properties)
			.properties("test.actor=" + this.actorName)
			.initializers((ctx) -> {
				ctx.getBeanFactory().registerSingleton("tickRecorder", new TickRecorder(instance, this.enqueued));
				shared.forEach(ctx.getBeanFactory()::registerSingleton);
			})
			.run();
		this.contexts.add(context);
		return context;
	}

	ConfigurableApplicationContext context(int instance) {
		return this.contexts.get(instance);
	}

	List<Enqueued> enqueued() {
		return List.copyOf(this.enqueued);
	}

	/**
	 * Wait for the given number of distinct ticks.
	 */
	void awaitTicks(int count, Duration timeout) {
		await().atMost(timeout).until(() -> ticks().size() >= count);
	}

	/**
	 * Return how many times each tick was enqueued, by tick.
	 */
	Map<Long, Long> ticks() {
		return this.enqueued.stream()
			.collect(Collectors.groupingBy(Enqueued::tick, TreeMap::new, Collectors.counting()));
	}

	/**
	 * Assert that every tick was enqueued once and that no tick between the first and the
	 * last was left out.
	 */
	void assertEachTickOnce(Duration period) {
		Map<Long, Long> ticks = ticks();
		assertThat(ticks.values()).as("times each tick was enqueued: %s", ticks).allMatch((count) -> count == 1);
		List<Long> times = new ArrayList<>(ticks.keySet());
		for (int i = 1; i < times.size(); i++) {
			assertThat(times.get(i) - times.get(i - 1)).as("time between ticks %s", times).isEqualTo(period.toMillis());
		}
	}

	/**
	 * Return the instance that enqueued the latest tick.
	 */
	int latestEnqueuer() {
		return this.enqueued.stream()
			.max(java.util.Comparator.comparingLong(Enqueued::tick))
			.map(Enqueued::instance)
			.orElseThrow();
	}

	@Override
	public void close() {
		for (ConfigurableApplicationContext context : this.contexts) {
			if (context.isActive()) {
				context.close();
			}
		}
	}

	record Enqueued(int instance, long tick) {
	}

	/**
	 * Records the scheduled messages this instance enqueues.
	 */
	record TickRecorder(int instance, List<Enqueued> enqueued) implements Middleware {

		@Override
		public void afterEnqueue(Broker broker, Message message, Duration delay) {
			Object tick = message.options().get(Scheduler.SCHEDULE_TICK);
			if (tick instanceof Number number) {
				this.enqueued.add(new Enqueued(this.instance, number.longValue()));
			}
		}

	}

	/**
	 * The periodic actor, named by {@code test.actor} and on the queue of the same name;
	 * its schedule comes from the test's properties.
	 */
	@Configuration(proxyBeanMethods = false)
	static class PeriodicActor {

		@Bean
		SmartInitializingSingleton periodicActor(Broker broker, Environment environment) {
			String name = environment.getRequiredProperty("test.actor");
			return () -> broker.declareActor(new ActorDefinition(name, name, 0, Map.of(), (args, kwargs) -> null));
		}

	}

}
