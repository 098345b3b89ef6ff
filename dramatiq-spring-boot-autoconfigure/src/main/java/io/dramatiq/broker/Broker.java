package io.dramatiq.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorRegistry;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;

/**
 * A message broker, as Python Dramatiq's {@code Broker}: it declares queues, enqueues
 * messages (delayed ones through the delay queue {@code Q.DQ} with an {@code eta}
 * option), hands out {@link Consumer}s to workers and owns the middleware chain and the
 * actors declared on it. Implementations extend {@link AbstractBroker}.
 */
public interface Broker extends AutoCloseable {

	/**
	 * Return a short name of the broker's kind.
	 * @return {@code stub}, {@code rabbitmq} or {@code redis}
	 */
	String type();

	/**
	 * Return where the broker connects, for log lines and errors: hosts and ports, never
	 * a user name or password.
	 * @return such as {@code 127.0.0.1:5672}, or empty for a broker that keeps its
	 * messages in memory
	 */
	default Optional<String> address() {
		return Optional.empty();
	}

	/**
	 * Return the encoder used for message bodies.
	 * @return the encoder
	 */
	MessageEncoder encoder();

	/**
	 * Return the middleware, in registration order.
	 * @return an unmodifiable snapshot
	 */
	List<Middleware> middleware();

	/**
	 * Append a middleware. Must happen before actors are declared.
	 * @param middleware the middleware
	 */
	void addMiddleware(Middleware middleware);

	/**
	 * Return the actors declared on this broker.
	 * @return the registry
	 */
	ActorRegistry actors();

	/**
	 * Declare an actor and its queue.
	 * @param actor the actor
	 */
	void declareActor(ActorDefinition actor);

	/**
	 * Declare a canonical queue (and its delay queue).
	 * @param queueName the canonical queue name
	 */
	void declareQueue(String queueName);

	/**
	 * Return the declared canonical queues.
	 * @return the queue names
	 */
	Set<String> queueNames();

	/**
	 * Enqueue a message now.
	 * @param message the message
	 * @return the message as enqueued
	 */
	default Message enqueue(Message message) {
		return enqueue(message, null);
	}

	/**
	 * Enqueue a message, delayed when {@code delay} is not null: then it goes to the
	 * delay queue with {@code options.eta = now + delay} (a zero delay still goes there).
	 * @param message the message
	 * @param delay the delay, or {@code null}
	 * @return the message as enqueued (with {@code eta} and the delay queue name when
	 * delayed)
	 */
	Message enqueue(Message message, Duration delay);

	/**
	 * Enqueue several messages now. This does what {@link #enqueue(Message)} does for
	 * each, in order; a broker may send them together, as RabbitMQ does: it publishes
	 * them on one channel and awaits their publisher confirms together, which is many
	 * times faster than one confirmed {@code enqueue} after the other.
	 * @param messages the messages
	 * @return the messages as enqueued
	 */
	default List<Message> enqueueAll(List<Message> messages) {
		List<Message> enqueued = new ArrayList<>(messages.size());
		for (Message message : messages) {
			enqueued.add(enqueue(message));
		}
		return enqueued;
	}

	/**
	 * Open a consumer on a queue.
	 * @param queueName the queue ({@code Q} or {@code Q.DQ})
	 * @param prefetch how many deliveries may be outstanding at once
	 * @param timeout how long {@link Consumer#next()} waits before returning {@code null}
	 * @return the consumer
	 */
	Consumer consume(String queueName, int prefetch, Duration timeout);

	/**
	 * Return how many messages wait in a queue, its delay queue and its dead-letter
	 * queue.
	 * @param queueName the canonical queue name
	 * @return the counts; {@code -1} where the broker cannot tell
	 */
	QueueCounts queueCounts(String queueName);

	/**
	 * Check that the broker's server answers, for health checks and fail-fast start-up.
	 * Brokers without a server, such as the stub broker, always answer.
	 * @throws ConnectionException if the server cannot be reached
	 */
	default void ping() {
	}

	/**
	 * Return the broker's dead-letter queues, to list, requeue or purge dead-lettered
	 * messages.
	 * @return the dead-letter queues, or empty if this broker cannot manage them
	 */
	default Optional<DeadLetterQueues> deadLetterQueues() {
		return Optional.empty();
	}

	/**
	 * Drop every message of a queue and its delay queue.
	 * @param queueName the canonical queue name
	 */
	void flush(String queueName);

	/**
	 * Drop every message of every declared queue.
	 */
	void flushAll();

	/**
	 * Run a "before" hook on every middleware in registration order. A
	 * {@link MiddlewareException} propagates; any other exception is logged and the chain
	 * continues (Python's {@code emit_before}).
	 * @param hook the hook's Python name, for logs
	 * @param call the call
	 */
	void emitBefore(String hook, java.util.function.Consumer<Middleware> call);

	/**
	 * Run an "after" hook on every middleware in reverse registration order, with the
	 * same error rule as {@link #emitBefore} (Python's {@code emit_after}).
	 * @param hook the hook's Python name, for logs
	 * @param call the call
	 */
	void emitAfter(String hook, java.util.function.Consumer<Middleware> call);

	/**
	 * Release the broker's connections.
	 */
	@Override
	void close();

	/**
	 * Message counts of a queue.
	 *
	 * @param ready messages waiting in {@code Q}
	 * @param delayed messages waiting in {@code Q.DQ}
	 * @param dead messages in the dead-letter queue {@code Q.XQ}
	 */
	record QueueCounts(long ready, long delayed, long dead) {
	}

}
