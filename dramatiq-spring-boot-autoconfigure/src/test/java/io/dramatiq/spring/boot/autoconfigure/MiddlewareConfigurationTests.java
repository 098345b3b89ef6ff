package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.middleware.AgeLimit;
import io.dramatiq.middleware.Callbacks;
import io.dramatiq.middleware.CurrentMessage;
import io.dramatiq.middleware.Pipelines;
import io.dramatiq.middleware.Retries;
import io.dramatiq.middleware.ShutdownNotifications;
import io.dramatiq.middleware.TimeLimit;
import io.dramatiq.spring.ActorDefinitionException;
import io.dramatiq.spring.ActorProxy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the middleware of the auto-configured broker: Python's defaults in Python's
 * order plus {@link CurrentMessage}, the application's {@link Middleware} beans in
 * {@code @Order}, and {@link DramatiqCustomizer}s that remove, replace or insert.
 */
class MiddlewareConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.threads=1",
				"dramatiq.worker.worker-timeout=10ms")
		.withUserConfiguration(ActorsConfiguration.class);

	@Test
	void brokerGetsPythonsDefaultMiddlewareInOrderAndCurrentMessage() {
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false")
			.run((context) -> assertThat(types(context.getBean(StubBroker.class))).containsExactly(AgeLimit.class,
					TimeLimit.class, ShutdownNotifications.class, Callbacks.class, Pipelines.class, Retries.class,
					CurrentMessage.class));
	}

	@Test
	void middlewareBeansAreAppendedInOrder() {
		this.contextRunner.withUserConfiguration(OrderedMiddlewareConfiguration.class).run((context) -> {
			// Given two middleware beans, the second declared with the lower @Order
			// When a message is processed
			context.getBean("works", ActorProxy.class).send();
			context.getBean(StubBroker.class).join("default", TIMEOUT, true);
			// I expect them after the defaults, in @Order: before hooks in that order
			// and after hooks in reverse
			assertThat(types(context.getBean(StubBroker.class))).endsWith(CurrentMessage.class, Named.class,
					Named.class);
			assertThat(context.getBean("events", List.class)).containsExactly("before first", "before second",
					"after second", "after first");
		});
	}

	@Test
	void middlewareBeanOfADefaultTypeTakesItsPlace() {
		this.contextRunner.withBean(Retries.class, () -> new Retries(0, null, null, null)).run((context) -> {
			StubBroker broker = context.getBean(StubBroker.class);
			assertThat(broker.middleware()).filteredOn(Retries.class::isInstance)
				.singleElement()
				.isSameAs(context.getBean(Retries.class));
			assertThat(types(broker)).element(5).isEqualTo(Retries.class);
			// its default of no retries applies
			context.getBean("fails", ActorProxy.class).send();
			broker.join("default", TIMEOUT, false);
			assertThat(context.getBean(Actors.class).failures).hasValue(1);
			assertThat(broker.deadLetters("default")).hasSize(1);
		});
	}

	@Test
	void customizerRemovingRetriesMakesFailedMessagesAckedAndDropped() {
		this.contextRunner.withBean(DramatiqCustomizer.class, () -> (chain) -> chain.remove(Retries.class))
			.run((context) -> {
				// Given the broker without Retries
				StubBroker broker = context.getBean(StubBroker.class);
				assertThat(types(broker)).doesNotContain(Retries.class);
				// When an actor fails
				context.getBean("fails", ActorProxy.class).send();
				broker.join("default", TIMEOUT, true);
				// I expect it to run once and its message to be acked, not dead-lettered
				assertThat(context.getBean(Actors.class).failures).hasValue(1);
				assertThat(broker.deadLetters()).isEmpty();
			});
	}

	@Test
	void customizersRunInOrderAfterMiddlewareBeansWereAdded() {
		this.contextRunner.withUserConfiguration(OrderedMiddlewareConfiguration.class, CustomizersConfiguration.class)
			.withPropertyValues("dramatiq.worker.enabled=false")
			.run((context) -> {
				List<Middleware> middleware = context.getBean(StubBroker.class).middleware();
				// the TimeLimit bean took the default's place; the customizers saw the
				// whole chain, in @Order
				assertThat(middleware.get(1)).isSameAs(context.getBean("shortTimeLimit"));
				assertThat(context.getBean("customizations", List.class)).containsExactly(
						"first saw [AgeLimit, TimeLimit, ShutdownNotifications, Callbacks, Pipelines, Retries,"
								+ " CurrentMessage, first, second]",
						"second saw [AgeLimit, TimeLimit, ShutdownNotifications, Callbacks, Pipelines, Retries, first,"
								+ " second]");
				assertThat(new MiddlewareChain(middleware)).hasToString("[AgeLimit, TimeLimit, ShutdownNotifications,"
						+ " Callbacks, Pipelines, audit, Retries, first, second]");
			});
	}

	@Test
	void optionOfARemovedMiddlewareIsRejectedAtStartUp() {
		this.contextRunner.withBean(DramatiqCustomizer.class, () -> (chain) -> chain.remove(Retries.class))
			.withPropertyValues("dramatiq.actors.defaults.max-retries=3")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.isInstanceOf(ActorDefinitionException.class)
				.hasMessageContaining("Actor 'fails' sets option 'max_retries' (property"
						+ " 'dramatiq.actors.defaults.max-retries'), but no registered middleware declares it."));
	}

	@Test
	void currentMessageIsAvailableToActors() {
		this.contextRunner.run((context) -> {
			Message sent = context.getBean("works", ActorProxy.class).send();
			context.getBean(StubBroker.class).join("default", TIMEOUT, true);
			assertThat(context.getBean(Actors.class).current.get()).isEqualTo(sent.messageId());
		});
	}

	@Test
	void timeLimitIntervalIsApplied() {
		this.contextRunner
			.withPropertyValues("dramatiq.worker.enabled=false", "dramatiq.middleware.time-limit.interval=50ms")
			.run((context) -> assertThat(context.getBean(StubBroker.class).middleware())
				.filteredOn(TimeLimit.class::isInstance)
				.singleElement()
				.satisfies((timeLimit) -> assertThat(((TimeLimit) timeLimit).interval())
					.isEqualTo(Duration.ofMillis(50))));
	}

	@Test
	void runWhenTimeLimitIntervalIsZeroFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("dramatiq.middleware.time-limit.interval=0ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessage("Property 'dramatiq.middleware.time-limit.interval' must be at least 1ms but was PT0S."));
	}

	@Test
	void usersOwnBrokerGetsTheSameMiddlewareThroughTheConfigurer() {
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false")
			.withUserConfiguration(OwnBrokerConfiguration.class, OrderedMiddlewareConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean("dramatiqBroker");
				assertThat(types(context.getBean(Broker.class))).containsExactly(AgeLimit.class, TimeLimit.class,
						ShutdownNotifications.class, Callbacks.class, Pipelines.class, Retries.class,
						CurrentMessage.class, Named.class, Named.class);
			});
	}

	private static List<Class<?>> types(Broker broker) {
		return broker.middleware().stream().<Class<?>>map(Object::getClass).toList();
	}

	public static class Actors {

		final AtomicInteger failures = new AtomicInteger();

		final AtomicReference<String> current = new AtomicReference<>();

		@Actor
		public void works() {
			this.current.set(CurrentMessage.get().map(Message::messageId).orElse(null));
		}

		@Actor
		public void fails() {
			this.failures.incrementAndGet();
			throw new IllegalStateException("fails");
		}

	}

	/**
	 * A middleware that records when its process hooks run.
	 */
	static class Named implements Middleware {

		private final String name;

		private final List<String> events;

		Named(String name, List<String> events) {
			this.name = name;
			this.events = events;
		}

		@Override
		public void beforeProcessMessage(Broker broker, MessageProxy message) {
			this.events.add("before " + this.name);
		}

		@Override
		public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
			this.events.add("after " + this.name);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ActorsConfiguration {

		@Bean
		Actors actors() {
			return new Actors();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrderedMiddlewareConfiguration {

		@Bean
		List<String> events() {
			return new CopyOnWriteArrayList<>();
		}

		@Bean
		@Order(2)
		Named second(List<String> events) {
			return new Named("second", events);
		}

		@Bean
		@Order(1)
		Named first(List<String> events) {
			return new Named("first", events);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizersConfiguration {

		@Bean
		TimeLimit shortTimeLimit() {
			return new TimeLimit(Duration.ofSeconds(30));
		}

		@Bean
		List<String> customizations() {
			return new CopyOnWriteArrayList<>();
		}

		@Bean
		@Order(2)
		DramatiqCustomizer addAuditBeforeRetries(List<String> customizations) {
			return (chain) -> {
				customizations.add("second saw " + chain);
				chain.addBefore(Retries.class, new Named("audit", new CopyOnWriteArrayList<>()));
			};
		}

		@Bean
		@Order(1)
		DramatiqCustomizer removeCurrentMessage(List<String> customizations) {
			return (chain) -> {
				customizations.add("first saw " + chain);
				chain.remove(CurrentMessage.class);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBrokerConfiguration {

		@Bean
		Broker ownBroker(MessageEncoder encoder, DramatiqBrokerConfigurer configurer) {
			StubBroker broker = new StubBroker(encoder);
			configurer.configure(broker);
			return broker;
		}

	}

}
