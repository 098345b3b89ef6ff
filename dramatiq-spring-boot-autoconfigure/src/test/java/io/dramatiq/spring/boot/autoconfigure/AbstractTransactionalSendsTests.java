package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ArgumentEncoder;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.Message;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.SendOptions;
import io.dramatiq.spring.TransactionalSends;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every broker does with sends inside a transaction of a real
 * {@link DataSourceTransactionManager} (an in-memory H2 database): a rollback sends
 * nothing, a commit sends once and the actor, run by the application's worker, reads the
 * row the transaction wrote. {@link SendOptions#immediate()} and
 * {@code dramatiq.send.after-commit=false} send at once; so does a send outside a
 * transaction. Subclasses give the broker.
 */
abstract class AbstractTransactionalSendsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	/** A queue of this test's own, so tests sharing a server never meet. */
	protected final String queue = "txsends_" + UUID.randomUUID().toString().substring(0, 8);

	/**
	 * Return a runner with the Dramatiq auto-configuration on the broker under test.
	 * @return the runner
	 */
	protected abstract ApplicationContextRunner brokerContextRunner();

	private ApplicationContextRunner contextRunner() {
		// one worker thread, so messages run in the order they were enqueued
		return brokerContextRunner()
			.withPropertyValues("dramatiq.worker.threads=1", "dramatiq.worker.worker-timeout=100ms",
					"test.queue=" + this.queue)
			.withUserConfiguration(OrdersConfiguration.class);
	}

	@Test
	void rollbackSendsNothing() {
		contextRunner().run((context) -> {
			Orders orders = context.getBean(Orders.class);
			ActorProxy shipOrder = context.getBean("shipOrder", ActorProxy.class);
			// Given a transaction that writes an order and sends a message about it
			orders.transaction.executeWithoutResult((status) -> {
				orders.insert(1, "book");
				shipOrder.send(1);
				// When it rolls back
				status.setRollbackOnly();
			});
			// I expect nothing enqueued and the queue empty
			assertThat(orders.enqueued).isEmpty();
			assertThat(context.getBean(Broker.class).queueCounts(this.queue))
				.isEqualTo(new Broker.QueueCounts(0, 0, 0));
			// and the worker to run only a message sent after it
			Message marker = shipOrder.send(0);
			await().atMost(TIMEOUT).until(() -> orders.seen.contains("0=missing"));
			assertThat(orders.seen).containsExactly("0=missing");
			assertThat(orders.enqueued).containsExactly(marker.messageId());
		});
	}

	@Test
	void commitSendsOnceAndTheActorSeesTheCommittedRow() {
		contextRunner().run((context) -> {
			Orders orders = context.getBean(Orders.class);
			ActorProxy shipOrder = context.getBean("shipOrder", ActorProxy.class);
			// Given a transaction that writes an order and sends a message about it
			Message sent = orders.transaction.execute((status) -> {
				orders.insert(7, "book");
				Message message = shipOrder.send(7);
				// I expect nothing enqueued before the commit
				assertThat(orders.enqueued).isEmpty();
				return message;
			});
			// When it commits, I expect the actor to run once and read the order
			await().atMost(TIMEOUT).until(() -> orders.seen.contains("7=book"));
			Message marker = shipOrder.send(0);
			await().atMost(TIMEOUT).until(() -> orders.seen.contains("0=missing"));
			assertThat(orders.seen).containsExactly("7=book", "0=missing");
			assertThat(orders.enqueued).containsExactly(sent.messageId(), marker.messageId());
		});
	}

	@Test
	void immediateSendGoesOutEvenWhenTheTransactionRollsBack() {
		contextRunner().run((context) -> {
			Orders orders = context.getBean(Orders.class);
			ActorProxy shipOrder = context.getBean("shipOrder", ActorProxy.class);
			// Given a transaction that sends at once, then rolls back
			orders.transaction.executeWithoutResult((status) -> {
				orders.insert(9, "lamp");
				Message sent = shipOrder.sendWithOptions(SendOptions.immediate(), 9);
				// I expect the message enqueued inside the transaction
				assertThat(orders.enqueued).containsExactly(sent.messageId());
				status.setRollbackOnly();
			});
			// and the actor to run without the order the rollback removed
			await().atMost(TIMEOUT).until(() -> orders.seen.contains("9=missing"));
			assertThat(orders.seen).containsExactly("9=missing");
		});
	}

	@Test
	void sendsAfterCommitSwitchedOffSendAtOnce() {
		contextRunner().withPropertyValues("dramatiq.send.after-commit=false").run((context) -> {
			Orders orders = context.getBean(Orders.class);
			ActorProxy shipOrder = context.getBean("shipOrder", ActorProxy.class);
			orders.transaction.executeWithoutResult((status) -> {
				orders.insert(5, "pen");
				Message sent = shipOrder.send(5);
				assertThat(orders.enqueued).containsExactly(sent.messageId());
				status.setRollbackOnly();
			});
			await().atMost(TIMEOUT).until(() -> orders.seen.contains("5=missing"));
			assertThat(orders.seen).containsExactly("5=missing");
		});
	}

	@Test
	void sendOutsideATransactionGoesOutAtOnce() {
		contextRunner().run((context) -> {
			Orders orders = context.getBean(Orders.class);
			ActorProxy shipOrder = context.getBean("shipOrder", ActorProxy.class);
			orders.insert(3, "cup");
			Message sent = shipOrder.send(3);
			assertThat(orders.enqueued).containsExactly(sent.messageId());
			await().atMost(TIMEOUT).until(() -> orders.seen.contains("3=cup"));
		});
	}

	/**
	 * Orders in the database, what the actor read, and what the broker enqueued.
	 */
	static class Orders {

		final List<String> seen = new CopyOnWriteArrayList<>();

		final List<String> enqueued = new CopyOnWriteArrayList<>();

		final JdbcTemplate jdbc;

		final TransactionTemplate transaction;

		Orders(JdbcTemplate jdbc, TransactionTemplate transaction) {
			this.jdbc = jdbc;
			this.transaction = transaction;
		}

		void insert(long id, String item) {
			this.jdbc.update("insert into orders (id, item) values (?, ?)", id, item);
		}

		void ship(long id) {
			List<String> items = this.jdbc.queryForList("select item from orders where id = ?", String.class, id);
			this.seen.add(id + "=" + (items.isEmpty() ? "missing" : items.get(0)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrdersConfiguration {

		@Bean(destroyMethod = "shutdown")
		EmbeddedDatabase ordersDatabase() {
			EmbeddedDatabase database = new EmbeddedDatabaseBuilder().generateUniqueName(true)
				.setType(EmbeddedDatabaseType.H2)
				.build();
			new JdbcTemplate(database).execute("create table orders (id bigint primary key, item varchar(100))");
			return database;
		}

		@Bean
		DataSourceTransactionManager transactionManager(EmbeddedDatabase ordersDatabase) {
			return new DataSourceTransactionManager(ordersDatabase);
		}

		@Bean
		Orders orders(EmbeddedDatabase ordersDatabase, DataSourceTransactionManager transactionManager) {
			return new Orders(new JdbcTemplate(ordersDatabase), new TransactionTemplate(transactionManager));
		}

		@Bean
		Middleware enqueueRecorder(Orders orders) {
			return new Middleware() {
				@Override
				public void afterEnqueue(Broker broker, Message message, Duration delay) {
					orders.enqueued.add(message.messageId());
				}
			};
		}

		@Bean
		SmartInitializingSingleton shipOrderActor(Broker broker, Environment environment, Orders orders) {
			return () -> broker.declareActor(new ActorDefinition("ship_order", environment.getProperty("test.queue"), 0,
					Map.of(), (args, kwargs) -> {
						orders.ship(((Number) args.get(0)).longValue());
						return null;
					}));
		}

		@Bean
		ActorProxy shipOrder(ObjectProvider<Broker> broker, Environment environment,
				ObjectProvider<TransactionalSends> sends) {
			return new ActorProxy("ship_order", environment.getProperty("test.queue"), broker::getObject,
					() -> new ArgumentEncoder(JsonMapper.builder().build()), sends::getObject);
		}

	}

}
