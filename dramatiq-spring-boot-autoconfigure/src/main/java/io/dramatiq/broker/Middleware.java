package io.dramatiq.broker;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.message.Message;

/**
 * Hooks around Dramatiq's life cycle, with Python Dramatiq's names and pairs
 * ({@code dramatiq/middleware/middleware.py}). Every hook is a no-op by default; override
 * the ones you need. "Before" hooks run in registration order and "after" hooks in
 * reverse. An exception thrown from a hook is logged and the chain continues, except
 * {@link MiddlewareException}s such as
 * {@link io.dramatiq.middleware.SkipMessageException}. The worker hooks receive the
 * worker as a {@link WorkerView}.
 */
public interface Middleware {

	/**
	 * Return the actor options this middleware understands, by their Python names. An
	 * actor declaring an option that no middleware understands is rejected at start-up.
	 * @return the option names
	 */
	default Set<String> actorOptions() {
		return Set.of();
	}

	/**
	 * Return the actor options this middleware understands, with their kinds and Python
	 * defaults, which decide how {@code @Actor} attributes and properties are converted.
	 * By default, every name of {@link #actorOptions()} with no default, its value kept
	 * as given.
	 * @return the options
	 */
	default List<OptionSpec> actorOptionSpecs() {
		return actorOptions().stream()
			.sorted()
			.map((name) -> new OptionSpec(name, Kind.ANY, null, getClass().getSimpleName()))
			.toList();
	}

	/**
	 * Called before an actor is declared on the broker.
	 * @param broker the broker
	 * @param actor the actor about to be declared
	 */
	default void beforeDeclareActor(Broker broker, ActorDefinition actor) {
	}

	/**
	 * Called after an actor was declared on the broker.
	 * @param broker the broker
	 * @param actor the declared actor
	 */
	default void afterDeclareActor(Broker broker, ActorDefinition actor) {
	}

	/**
	 * Called before a queue is declared for the first time.
	 * @param broker the broker
	 * @param queueName the canonical queue name
	 */
	default void beforeDeclareQueue(Broker broker, String queueName) {
	}

	/**
	 * Called after a queue was declared for the first time.
	 * @param broker the broker
	 * @param queueName the canonical queue name
	 */
	default void afterDeclareQueue(Broker broker, String queueName) {
	}

	/**
	 * Called after the delay queue ({@code Q.DQ}) of a queue was declared.
	 * @param broker the broker
	 * @param delayQueueName the delay queue name
	 */
	default void afterDeclareDelayQueue(Broker broker, String delayQueueName) {
	}

	/**
	 * Called before a message is enqueued.
	 * @param broker the broker
	 * @param message the message about to be written
	 * @param delay the delay, or {@code null}
	 */
	default void beforeEnqueue(Broker broker, Message message, Duration delay) {
	}

	/**
	 * Called after a message was enqueued.
	 * @param broker the broker
	 * @param message the message as written
	 * @param delay the delay, or {@code null}
	 */
	default void afterEnqueue(Broker broker, Message message, Duration delay) {
	}

	/**
	 * Called when a worker holds a delayed message until its {@code eta}.
	 * @param broker the broker
	 * @param message the message
	 */
	default void beforeDelayMessage(Broker broker, MessageProxy message) {
	}

	/**
	 * Called on the worker thread before the actor runs. Throw
	 * {@link io.dramatiq.middleware.SkipMessageException} to skip the message.
	 * @param broker the broker
	 * @param message the message
	 */
	default void beforeProcessMessage(Broker broker, MessageProxy message) {
	}

	/**
	 * Called on the worker thread after the actor ran.
	 * @param broker the broker
	 * @param message the message
	 * @param result the actor's result, when it succeeded
	 * @param exception the actor's exception, when it failed
	 */
	default void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
	}

	/**
	 * Called on the worker thread instead of {@link #afterProcessMessage} when a
	 * {@code beforeProcessMessage} hook skipped the message.
	 * @param broker the broker
	 * @param message the skipped message
	 */
	default void afterSkipMessage(Broker broker, MessageProxy message) {
	}

	/**
	 * Called before a message is acknowledged, once it is done.
	 * @param broker the broker
	 * @param message the message
	 */
	default void beforeAck(Broker broker, MessageProxy message) {
	}

	/**
	 * Called after a message was acknowledged.
	 * @param broker the broker
	 * @param message the message
	 */
	default void afterAck(Broker broker, MessageProxy message) {
	}

	/**
	 * Called before a failed message is rejected, which moves it to the dead-letter
	 * queue.
	 * @param broker the broker
	 * @param message the message
	 */
	default void beforeNack(Broker broker, MessageProxy message) {
	}

	/**
	 * Called after a message was rejected.
	 * @param broker the broker
	 * @param message the message
	 */
	default void afterNack(Broker broker, MessageProxy message) {
	}

	/**
	 * Called once the process that owns the broker has started. Kept for parity with
	 * Python Dramatiq's hook list; the starter does not call it today.
	 * @param broker the broker
	 */
	default void afterProcessBoot(Broker broker) {
	}

	/**
	 * Called before a worker starts its threads.
	 * @param broker the broker
	 * @param worker the worker
	 */
	default void beforeWorkerBoot(Broker broker, WorkerView worker) {
	}

	/**
	 * Called after a worker started its threads.
	 * @param broker the broker
	 * @param worker the worker
	 */
	default void afterWorkerBoot(Broker broker, WorkerView worker) {
	}

	/**
	 * Called when a worker begins to stop.
	 * @param broker the broker
	 * @param worker the worker
	 */
	default void beforeWorkerShutdown(Broker broker, WorkerView worker) {
	}

	/**
	 * Called after a worker stopped its threads.
	 * @param broker the broker
	 * @param worker the worker
	 */
	default void afterWorkerShutdown(Broker broker, WorkerView worker) {
	}

	/**
	 * Called on a consumer thread once it has started.
	 * @param broker the broker
	 * @param thread the consumer thread
	 */
	default void afterConsumerThreadBoot(Broker broker, Thread thread) {
	}

	/**
	 * Called on a consumer thread before it ends.
	 * @param broker the broker
	 * @param thread the consumer thread
	 */
	default void beforeConsumerThreadShutdown(Broker broker, Thread thread) {
	}

	/**
	 * Called on a worker thread once it has started.
	 * @param broker the broker
	 * @param thread the worker thread
	 */
	default void afterWorkerThreadBoot(Broker broker, Thread thread) {
	}

	/**
	 * Called on a worker thread before it ends.
	 * @param broker the broker
	 * @param thread the worker thread
	 */
	default void beforeWorkerThreadShutdown(Broker broker, Thread thread) {
	}

}
