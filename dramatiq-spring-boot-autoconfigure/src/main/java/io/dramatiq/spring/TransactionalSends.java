package io.dramatiq.spring;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.dramatiq.broker.Broker;
import io.dramatiq.composition.Group;
import io.dramatiq.composition.Pipeline;
import io.dramatiq.message.Message;

import org.springframework.util.ClassUtils;

/**
 * Makes sends follow the Spring transaction of the calling thread: inside an active
 * transaction a message is enqueued once the transaction commits, in the order of the
 * sends, and dropped (logged at DEBUG) if it rolls back. Outside a transaction, when
 * switched off ({@code dramatiq.send.after-commit=false}) or without spring-tx on the
 * class path, it is enqueued at once. Every {@link ActorProxy} sends through one, unless
 * its {@link SendOptions#isImmediate() immediate} switch is set.
 * <p>
 * The message is built and checked in the caller either way, so encoding and argument
 * errors still throw there and the returned message has its id. A deferred message is
 * returned as built: its broker-side changes (the delay queue and {@code eta} of a
 * delayed message, which counts from the commit) happen when it is enqueued.
 * <p>
 * If an enqueue fails after the commit (the broker is down), nothing can undo the
 * transaction: the failure is logged at ERROR naming the actor, the message id and the
 * cause, the message is lost, and the sends after it are still enqueued; the committing
 * thread gets no exception. When a message must never be lost, write it to an outbox
 * table in the transaction instead.
 * <p>
 * {@link Pipeline#run()} and {@link Group#run()} belong to the Spring-free core and
 * enqueue at once; run them through {@link #run(Pipeline)} and {@link #run(Group)} to
 * have them follow the transaction too.
 */
public class TransactionalSends {

	private static final String SYNCHRONIZATION_MANAGER = "org.springframework.transaction.support.TransactionSynchronizationManager";

	private final boolean enabled;

	private final boolean transactionsPresent;

	/**
	 * Create one that defers sends made inside a transaction, when spring-tx is on the
	 * class path of this class.
	 */
	public TransactionalSends() {
		this(true);
	}

	/**
	 * Create one, switched on or off.
	 * @param enabled whether sends made inside a transaction wait for its commit
	 */
	public TransactionalSends(boolean enabled) {
		this(enabled, TransactionalSends.class.getClassLoader());
	}

	/**
	 * Create one that looks for spring-tx with a class loader.
	 * @param enabled whether sends made inside a transaction wait for its commit
	 * @param classLoader the class loader of the application, or {@code null} for the
	 * default one
	 */
	public TransactionalSends(boolean enabled, ClassLoader classLoader) {
		this.enabled = enabled;
		this.transactionsPresent = ClassUtils.isPresent(SYNCHRONIZATION_MANAGER, classLoader);
	}

	/**
	 * Return whether sends made inside a transaction wait for its commit.
	 * @return whether this is switched on
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Return whether a send made now by this thread would wait for a commit: this is
	 * switched on, spring-tx is present and the thread runs an actual transaction with
	 * synchronization active.
	 * @return whether sends are deferred now
	 */
	public boolean isDeferring() {
		return this.enabled && this.transactionsPresent && AfterCommitSynchronization.isTransactionActive();
	}

	/**
	 * Enqueue a message now, or once the current transaction commits.
	 * @param broker the broker to enqueue on
	 * @param message the message, built and checked
	 * @param delay how long to wait before the message may run, or {@code null}
	 * @return the message as enqueued when sent at once, or as given when deferred
	 */
	public Message enqueue(Broker broker, Message message, Duration delay) {
		Objects.requireNonNull(broker, "'broker' must not be null");
		Objects.requireNonNull(message, "'message' must not be null");
		if (!isDeferring()) {
			return broker.enqueue(message, delay);
		}
		AfterCommitSynchronization.defer(describe(message), () -> broker.enqueue(message, delay));
		return message;
	}

	/**
	 * Run a pipeline now ({@link Pipeline#run()}), or once the current transaction
	 * commits.
	 * @param pipeline the pipeline
	 * @return the pipeline
	 */
	public Pipeline run(Pipeline pipeline) {
		return run(pipeline, null);
	}

	/**
	 * Run a pipeline with a delay on its first step now ({@link Pipeline#run(Duration)}),
	 * or once the current transaction commits.
	 * @param pipeline the pipeline
	 * @param delay the delay of the first step, or {@code null}
	 * @return the pipeline
	 */
	public Pipeline run(Pipeline pipeline, Duration delay) {
		Objects.requireNonNull(pipeline, "'pipeline' must not be null");
		if (!isDeferring()) {
			return pipeline.run(delay);
		}
		List<Message> steps = pipeline.messages();
		AfterCommitSynchronization.defer("pipeline of " + steps.size() + " steps starting with "
				+ (steps.isEmpty() ? "nothing" : describe(steps.get(0))), () -> pipeline.run(delay));
		return pipeline;
	}

	/**
	 * Run a group now ({@link Group#run()}), or once the current transaction commits.
	 * @param group the group
	 * @return the group
	 */
	public Group run(Group group) {
		return run(group, null);
	}

	/**
	 * Run a group with a delay on every child now ({@link Group#run(Duration)}), or once
	 * the current transaction commits.
	 * @param group the group
	 * @param delay the delay of every child, or {@code null}
	 * @return the group
	 */
	public Group run(Group group, Duration delay) {
		Objects.requireNonNull(group, "'group' must not be null");
		if (!isDeferring()) {
			return group.run(delay);
		}
		AfterCommitSynchronization.defer("group of " + group.size() + " children " + describe(group.children()),
				() -> group.run(delay));
		return group;
	}

	private static String describe(Message message) {
		return "message " + message.messageId() + " to actor '" + message.actorName() + "'";
	}

	private static String describe(List<Object> children) {
		return children.stream()
			.map((child) -> (child instanceof Message message) ? describe(message)
					: "pipeline starting with " + describe(((Pipeline) child).messages().get(0)))
			.toList()
			.toString();
	}

	@Override
	public String toString() {
		return "TransactionalSends[enabled=" + this.enabled + ", spring-tx present=" + this.transactionsPresent + "]";
	}

}
