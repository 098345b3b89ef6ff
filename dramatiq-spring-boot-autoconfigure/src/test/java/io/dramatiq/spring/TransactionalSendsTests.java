package io.dramatiq.spring;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ArgumentEncoder;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.LogEvents;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.composition.Group;
import io.dramatiq.composition.Pipeline;
import io.dramatiq.message.EncodeException;
import io.dramatiq.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabase;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TransactionalSends} through {@link ActorProxy}, with a real
 * {@link DataSourceTransactionManager} on an in-memory H2 database and a stub broker:
 * sends inside a transaction wait for its commit, in order, and vanish on rollback.
 */
class TransactionalSendsTests {

	private final EmbeddedDatabase database = new EmbeddedDatabaseBuilder().generateUniqueName(true)
		.setType(EmbeddedDatabaseType.H2)
		.build();

	private final TransactionTemplate transaction = new TransactionTemplate(
			new DataSourceTransactionManager(this.database));

	private final FailingStubBroker broker = new FailingStubBroker();

	private final List<String> enqueued = new CopyOnWriteArrayList<>();

	private final ArgumentEncoder encoder = new ArgumentEncoder(JsonMapper.builder().build());

	private final ActorProxy countWords = new ActorProxy("count_words", "default", () -> this.broker,
			() -> this.encoder, TransactionalSends::new);

	TransactionalSendsTests() {
		this.broker.declareActor(new ActorDefinition("count_words", "default", 0, Map.of(), (args, kwargs) -> null));
		this.broker.declareActor(new ActorDefinition("fails", "default", 0, Map.of(), (args, kwargs) -> null));
		this.broker.addMiddleware(new Middleware() {
			@Override
			public void afterEnqueue(Broker broker, Message message, Duration delay) {
				TransactionalSendsTests.this.enqueued.add(message.messageId());
			}
		});
	}

	@AfterEach
	void shutDownDatabase() {
		this.database.shutdown();
	}

	@Test
	void sendInsideATransactionWaitsForTheCommit() {
		// Given a transaction that sends a message
		Message sent = this.transaction.execute((status) -> {
			Message message = this.countWords.send("https://example.com");
			// I expect nothing enqueued while the transaction runs
			assertThat(this.enqueued).isEmpty();
			assertThat(this.broker.queueCounts("default").ready()).isZero();
			return message;
		});
		// When it commits, I expect the message enqueued once, with the id returned
		assertThat(this.enqueued).containsExactly(sent.messageId());
		assertThat(this.broker.queueCounts("default").ready()).isOne();
		assertThat(sent.actorName()).isEqualTo("count_words");
		assertThat(sent.args()).containsExactly("https://example.com");
	}

	@Test
	void sendsAreEnqueuedInTheOrderTheyWereMade() {
		List<String> sent = this.transaction.execute((status) -> List.of(this.countWords.send("a").messageId(),
				this.countWords.send("b").messageId(), this.countWords.send("c").messageId()));
		assertThat(this.enqueued).isEqualTo(sent);
	}

	@Test
	void rollbackDropsTheSendAndLogsItAtDebug() {
		try (LogEvents logs = LogEvents.of("io.dramatiq.spring").debug("io.dramatiq.spring")) {
			// Given a transaction that sends a message, then rolls back
			String id = this.transaction.execute((status) -> {
				String messageId = this.countWords.send("https://example.com").messageId();
				status.setRollbackOnly();
				return messageId;
			});
			// I expect nothing enqueued, and the drop logged naming the message
			assertThat(this.enqueued).isEmpty();
			assertThat(this.broker.queueCounts("default")).isEqualTo(new Broker.QueueCounts(0, 0, 0));
			assertThat(logs.events((event) -> event.getLevel() == Level.DEBUG))
				.anySatisfy((event) -> assertThat(event.getFormattedMessage()).contains("Dropped message " + id)
					.contains("'count_words'")
					.contains("rolled back"));
		}
	}

	@Test
	void exceptionThatRollsBackDropsTheSend() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.transaction.executeWithoutResult((status) -> {
				this.countWords.send("https://example.com");
				throw new IllegalStateException("boom");
			}));
		assertThat(this.enqueued).isEmpty();
	}

	@Test
	void encodingErrorsStillThrowInTheCaller() {
		this.transaction.executeWithoutResult((status) -> assertThatExceptionOfType(EncodeException.class)
			.isThrownBy(() -> this.countWords.send(new Object()))
			.withMessageContaining("count_words"));
		assertThat(this.enqueued).isEmpty();
	}

	@Test
	void immediateSendGoesOutAtOnceEvenIfTheTransactionRollsBack() {
		this.transaction.executeWithoutResult((status) -> {
			Message sent = this.countWords.sendWithOptions(SendOptions.immediate(), "now");
			assertThat(this.enqueued).containsExactly(sent.messageId());
			status.setRollbackOnly();
		});
		assertThat(this.enqueued).hasSize(1);
	}

	@Test
	void switchedOffSendsGoOutAtOnce() {
		ActorProxy immediate = new ActorProxy("count_words", "default", () -> this.broker, () -> this.encoder,
				() -> new TransactionalSends(false));
		this.transaction.executeWithoutResult((status) -> {
			Message sent = immediate.send("now");
			assertThat(this.enqueued).containsExactly(sent.messageId());
			status.setRollbackOnly();
		});
		assertThat(this.enqueued).hasSize(1);
	}

	@Test
	void sendOutsideATransactionGoesOutAtOnce() {
		Message sent = this.countWords.send("now");
		assertThat(this.enqueued).containsExactly(sent.messageId());
	}

	@Test
	void withoutSpringTxEverySendGoesOutAtOnce() {
		// Given sends that look for spring-tx with a class loader that does not have it
		TransactionalSends sends = new TransactionalSends(true, new ClassLoader(null) {
		});
		ActorProxy proxy = new ActorProxy("count_words", "default", () -> this.broker, () -> this.encoder, () -> sends);
		this.transaction.executeWithoutResult((status) -> {
			// I expect a send inside a transaction to go out at once
			assertThat(sends.isDeferring()).isFalse();
			Message sent = proxy.send("now");
			assertThat(this.enqueued).containsExactly(sent.messageId());
		});
	}

	@Test
	void delayedSendGoesToTheDelayQueueAfterTheCommit() {
		Message sent = this.transaction
			.execute((status) -> this.countWords.sendWithOptions(SendOptions.delay(Duration.ofHours(1)), "later"));
		// as built: the delay queue and eta are set when it is enqueued
		assertThat(sent.queueName()).isEqualTo("default");
		assertThat(this.enqueued).containsExactly(sent.messageId());
		assertThat(this.broker.queueCounts("default").delayed()).isOne();
	}

	@Test
	void innerRequiresNewTransactionSendsOnItsOwnCommit() {
		TransactionTemplate inner = new TransactionTemplate(
				Objects.requireNonNull(this.transaction.getTransactionManager()));
		inner.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		// Given an outer transaction that sends, runs an inner one that sends and
		// commits,
		// then rolls back
		String innerId = this.transaction.execute((status) -> {
			this.countWords.send("outer");
			String id = inner.execute((innerStatus) -> this.countWords.send("inner").messageId());
			// I expect the inner send out once the inner transaction committed
			assertThat(this.enqueued).containsExactly(id);
			status.setRollbackOnly();
			return id;
		});
		// and the outer one dropped with its transaction
		assertThat(this.enqueued).containsExactly(innerId);
	}

	@Test
	void failedEnqueueAfterCommitIsLoggedAndTheOtherSendsStillGoOut() {
		ActorProxy failing = new ActorProxy("fails", "default", () -> this.broker, () -> this.encoder,
				TransactionalSends::new);
		try (LogEvents logs = LogEvents.of("io.dramatiq.spring")) {
			// Given a transaction with three sends, the second of which the broker
			// refuses
			List<String> ids = this.transaction.execute((status) -> List.of(this.countWords.send("a").messageId(),
					failing.send("b").messageId(), this.countWords.send("c").messageId()));
			// When it commits, I expect no exception in the caller, the others enqueued
			assertThat(this.enqueued).containsExactly(ids.get(0), ids.get(2));
			// and an ERROR naming the actor, the message id and the cause
			assertThat(logs.events((event) -> event.getLevel() == Level.ERROR)).singleElement()
				.satisfies((event) -> assertThat(LogEvents.line(event)).contains("message " + ids.get(1))
					.contains("'fails'")
					.contains("broker is down")
					.contains("transaction stays committed"));
		}
	}

	@Test
	void pipelineAndGroupRunThroughTransactionalSendsFollowTheTransaction() {
		TransactionalSends sends = new TransactionalSends();
		Pipeline pipeline = Pipeline.of(this.broker, this.countWords.message("a"), this.countWords.message());
		Group group = Group.of(this.broker, this.countWords.message("b"), this.countWords.message("c"));
		this.transaction.executeWithoutResult((status) -> {
			sends.run(pipeline);
			sends.run(group);
			assertThat(this.enqueued).isEmpty();
		});
		assertThat(this.enqueued).containsExactly(pipeline.messages().get(0).messageId(),
				((Message) group.children().get(0)).messageId(), ((Message) group.children().get(1)).messageId());
		this.transaction.executeWithoutResult((status) -> {
			sends.run(Pipeline.of(this.broker, this.countWords.message("d")));
			status.setRollbackOnly();
		});
		assertThat(this.enqueued).hasSize(3);
	}

	@Test
	void sendFromAnotherAfterCommitCallbackStillGoesOut() {
		// Given a transaction that sends, then registers a callback that sends after the
		// commit, once this transaction's own sends went out
		String[] late = new String[1];
		String first = this.transaction.execute((status) -> {
			String id = this.countWords.send("first").messageId();
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					late[0] = TransactionalSendsTests.this.countWords.send("late").messageId();
				}
			});
			return id;
		});
		// I expect both enqueued, in order, by the end of the commit
		assertThat(this.enqueued).containsExactly(first, late[0]);
	}

	@Test
	void deferringNeedsAnActualTransaction() {
		TransactionalSends sends = new TransactionalSends();
		assertThat(sends.isDeferring()).isFalse();
		this.transaction.executeWithoutResult((status) -> assertThat(sends.isDeferring()).isTrue());
		TransactionSynchronizationManager.initSynchronization();
		try {
			// synchronization without a transaction (SUPPORTS with none running)
			assertThat(sends.isDeferring()).isFalse();
		}
		finally {
			TransactionSynchronizationManager.clearSynchronization();
		}
	}

	/**
	 * A stub broker that refuses messages to the actor {@code fails}, as a broker that is
	 * down would.
	 */
	static class FailingStubBroker extends StubBroker {

		@Override
		protected Message doEnqueue(Message message) {
			if ("fails".equals(message.actorName())) {
				throw new BrokerException("The broker is down.");
			}
			return super.doEnqueue(message);
		}

	}

}
