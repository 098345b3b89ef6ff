package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.spring.ActorClient;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.EnableActorClients;
import io.dramatiq.spring.TransactionalSends;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link TransactionalSends} bean of {@link DramatiqAutoConfiguration}:
 * {@code dramatiq.send.after-commit} switches it, a user bean replaces it, it sends at
 * once without spring-tx, and the proxies of {@code @Actor} beans use it.
 */
class TransactionalSendsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=false");

	private final EmbeddedDatabase database = new EmbeddedDatabaseBuilder().generateUniqueName(true)
		.setType(EmbeddedDatabaseType.H2)
		.build();

	private final TransactionTemplate transaction = new TransactionTemplate(
			new DataSourceTransactionManager(this.database));

	@AfterEach
	void shutDownDatabase() {
		this.database.shutdown();
	}

	@Test
	void sendsFollowTheTransactionByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TransactionalSends.class);
			TransactionalSends sends = context.getBean(TransactionalSends.class);
			assertThat(sends.isEnabled()).isTrue();
			this.transaction.executeWithoutResult((status) -> assertThat(sends.isDeferring()).isTrue());
		});
	}

	@Test
	void afterCommitFalseSendsAtOnce() {
		this.contextRunner.withPropertyValues("dramatiq.send.after-commit=false").run((context) -> {
			TransactionalSends sends = context.getBean(TransactionalSends.class);
			assertThat(sends.isEnabled()).isFalse();
			this.transaction.executeWithoutResult((status) -> assertThat(sends.isDeferring()).isFalse());
		});
	}

	@Test
	void userBeanReplacesOurs() {
		TransactionalSends own = new TransactionalSends(false);
		this.contextRunner.withBean(TransactionalSends.class, () -> own)
			.run((context) -> assertThat(context).getBean(TransactionalSends.class).isSameAs(own));
	}

	@Test
	void withoutSpringTxSendsGoOutAtOnce() {
		// Given an application without spring-tx on its class path
		this.contextRunner.withClassLoader(new FilteredClassLoader(TransactionSynchronizationManager.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				TransactionalSends sends = context.getBean(TransactionalSends.class);
				// I expect sends to go out at once, even when some other library runs a
				// transaction on the thread
				this.transaction.executeWithoutResult((status) -> assertThat(sends.isDeferring()).isFalse());
			});
	}

	@Test
	void actorBeanProxiesFollowTheTransaction() {
		this.contextRunner.withBean(Shipping.class).run((context) -> {
			StubBroker broker = context.getBean(StubBroker.class);
			ActorProxy ship = context.getBean("ship", ActorProxy.class);
			this.transaction.executeWithoutResult((status) -> {
				ship.send("book");
				assertThat(broker.queueCounts("default").ready()).isZero();
			});
			assertThat(broker.queueCounts("default").ready()).isOne();
		});
	}

	@Test
	void actorBeanProxiesFollowTheSwitch() {
		this.contextRunner.withPropertyValues("dramatiq.send.after-commit=false")
			.withBean(Shipping.class)
			.run((context) -> {
				StubBroker broker = context.getBean(StubBroker.class);
				ActorProxy ship = context.getBean("ship", ActorProxy.class);
				this.transaction.executeWithoutResult((status) -> {
					ship.send("book");
					assertThat(broker.queueCounts("default").ready()).isOne();
					status.setRollbackOnly();
				});
				assertThat(broker.queueCounts("default").ready()).isOne();
			});
	}

	@Test
	void actorClientsOfRemoteActorsFollowTheTransactionAndTheSwitch() {
		ApplicationContextRunner clients = this.contextRunner.withUserConfiguration(ClientConfiguration.class);
		clients.run((context) -> {
			StubBroker broker = context.getBean(StubBroker.class);
			Billing billing = context.getBean(Billing.class);
			this.transaction.executeWithoutResult((status) -> {
				billing.invoice("book");
				assertThat(broker.queueCounts("billing").ready()).isZero();
			});
			assertThat(broker.queueCounts("billing").ready()).isOne();
		});
		clients.withPropertyValues("dramatiq.send.after-commit=false").run((context) -> {
			StubBroker broker = context.getBean(StubBroker.class);
			this.transaction.executeWithoutResult((status) -> {
				context.getBean(Billing.class).invoice("book");
				status.setRollbackOnly();
			});
			assertThat(broker.queueCounts("billing").ready()).isOne();
		});
	}

	@ActorClient(queue = "billing")
	interface Billing {

		void invoice(String item);

	}

	@Configuration(proxyBeanMethods = false)
	@EnableActorClients(clients = Billing.class)
	static class ClientConfiguration {

	}

	static class Shipping {

		@Actor
		void ship(String item) {
		}

	}

}
