package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.SendOptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * End-to-end tests of actors in an application context with the stub broker and a running
 * worker: an {@link ActorProxy} sends, the worker runs the bean method with the arguments
 * bound to its parameter types, and {@link StubBroker#join} waits for it.
 */
class ActorRoundTripTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.threads=2",
				"dramatiq.worker.worker-timeout=100ms")
		.withUserConfiguration(OrdersConfiguration.class);

	@Test
	void sendRunsTheBeanMethodOnAWorkerThread() {
		this.contextRunner.run((context) -> {
			// Given a running application with an @Actor bean
			Orders orders = context.getBean(Orders.class);
			// When I send to the actor and wait for its queue to drain
			context.getBean("ping", ActorProxy.class).send("hello");
			context.getBean(StubBroker.class).join("default", TIMEOUT, true);
			// I expect the bean method to have run on a worker thread
			assertThat(orders.calls).containsEntry("ping", "hello");
			assertThat(orders.threads.get("ping")).startsWith("dramatiq-worker-");
		});
	}

	@Test
	void argumentsBindToRecordsPojosCollectionsAndPrimitives() {
		this.contextRunner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			Order order = new Order("A-1", List.of(new Item("pen", 2), new Item("ink", 1)));
			Customer customer = new Customer();
			customer.setName("Ada");
			context.getBean("place_order", ActorProxy.class)
				.send(order, customer, 3, true, 2.5, List.of(7L, 8L), Map.of("pen", 1));
			context.getBean(StubBroker.class).join("orders", TIMEOUT, true);
			assertThat(orders.calls.get("place_order"))
				.isEqualTo(List.of(order, customer, 3, true, 2.5, List.of(7L, 8L), Map.of("pen", 1)));
		});
	}

	@Test
	void keywordArgumentsBindByParameterName() {
		this.contextRunner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			context.getBean("ship", ActorProxy.class)
				.sendWithOptions(List.of("A-2"), Map.of("express", true, "copies", 4), SendOptions.none());
			context.getBean(StubBroker.class).join("default", TIMEOUT, true);
			assertThat(orders.calls.get("ship")).isEqualTo(List.of("A-2", 4, true));
		});
	}

	@Test
	void delayedMessageRunsOnceItsDelayHasPassed() {
		this.contextRunner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			long sentAt = System.currentTimeMillis();
			Message sent = context.getBean("ping", ActorProxy.class)
				.sendWithOptions(SendOptions.delay(Duration.ofMillis(300)), "later");
			assertThat(sent.queueName()).isEqualTo("default.DQ");
			context.getBean(StubBroker.class).join("default", TIMEOUT, true);
			assertThat(orders.calls).containsEntry("ping", "later");
			assertThat(orders.times.get("ping")).isGreaterThanOrEqualTo(sentAt + 300);
		});
	}

	@Test
	void joinWithFailFastRethrowsTheExceptionOfADeadLetteredMessage() {
		this.contextRunner.run((context) -> {
			// Given an actor that always fails, sent with no retries: the Retries
			// middleware dead-letters it at once
			context.getBean("fail", ActorProxy.class).sendWithOptions(SendOptions.option("max_retries", 0), "boom");
			// When I join its queue with fail-fast on
			// I expect the actor's own exception in this thread
			assertThatIllegalStateException()
				.isThrownBy(() -> context.getBean(StubBroker.class).join("default", TIMEOUT, true))
				.withMessage("boom");
		});
	}

	@Test
	void directCallRunsSynchronouslyWithoutTheBroker() {
		this.contextRunner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			orders.ping("direct");
			assertThat(orders.threads.get("ping")).isEqualTo(Thread.currentThread().getName());
			assertThat(context.getBean(StubBroker.class).queueCounts("default").ready()).isZero();
		});
	}

	public record Item(String name, int quantity) {
	}

	public record Order(String id, List<Item> items) {
	}

	public static class Customer {

		private String name;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		@Override
		public boolean equals(Object obj) {
			return (obj instanceof Customer other) && Objects.equals(this.name, other.name);
		}

		@Override
		public int hashCode() {
			return Objects.hashCode(this.name);
		}

	}

	public static class Orders {

		final Map<String, Object> calls = new ConcurrentHashMap<>();

		final Map<String, String> threads = new ConcurrentHashMap<>();

		final Map<String, Long> times = new ConcurrentHashMap<>();

		@Actor
		public void ping(String text) {
			record("ping", text);
		}

		@Actor(name = "place_order", queueName = "orders")
		public void placeOrder(Order order, Customer customer, int count, boolean gift, double weight, List<Long> ids,
				Map<String, Integer> stock) {
			record("place_order", List.of(order, customer, count, gift, weight, ids, stock));
		}

		@Actor
		public void ship(String id, int copies, boolean express) {
			record("ship", List.of(id, copies, express));
		}

		@Actor
		public void fail(String reason) {
			throw new IllegalStateException(reason);
		}

		private void record(String actor, Object value) {
			this.calls.put(actor, value);
			this.threads.put(actor, Thread.currentThread().getName());
			this.times.put(actor, System.currentTimeMillis());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrdersConfiguration {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

}
