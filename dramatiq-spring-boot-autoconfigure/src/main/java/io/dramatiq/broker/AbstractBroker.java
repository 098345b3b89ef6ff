package io.dramatiq.broker;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorRegistry;
import io.dramatiq.actor.UnknownActorOptionException;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.message.QueueNames;
import io.dramatiq.observation.DramatiqObservations;
import io.dramatiq.observation.DramatiqSendObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base class of brokers: middleware, actor declaration, queue bookkeeping and the delay
 * rule shared by every broker (Python Dramatiq's {@code Broker} base class).
 */
public abstract class AbstractBroker implements Broker {

	private static final Logger logger = LoggerFactory.getLogger(AbstractBroker.class);

	/**
	 * The option holding a delayed message's earliest run time, in epoch milliseconds.
	 */
	public static final String ETA = "eta";

	private final MessageEncoder encoder;

	// an array snapshot: hooks run several times per message, so iterate without copying
	private volatile Middleware[] middleware = new Middleware[0];

	private final ActorRegistry actors = new ActorRegistry();

	private final Set<String> queueNames = Collections.synchronizedSet(new LinkedHashSet<>());

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private volatile DramatiqSendObservationConvention sendObservationConvention;

	/**
	 * Create a broker.
	 * @param encoder the encoder of messages
	 */
	protected AbstractBroker(MessageEncoder encoder) {
		this.encoder = Objects.requireNonNull(encoder, "'encoder' must not be null");
	}

	@Override
	public MessageEncoder encoder() {
		return this.encoder;
	}

	@Override
	public List<Middleware> middleware() {
		return List.of(this.middleware);
	}

	@Override
	public synchronized void addMiddleware(Middleware middleware) {
		Objects.requireNonNull(middleware, "'middleware' must not be null");
		Middleware[] chain = Arrays.copyOf(this.middleware, this.middleware.length + 1);
		chain[chain.length - 1] = middleware;
		this.middleware = chain;
	}

	/**
	 * Observe every enqueue with this registry: a {@code dramatiq.send} observation,
	 * which a tracing handler turns into a producer span whose context is written into
	 * the message's {@code traceparent} and {@code tracestate} options. Without it (or
	 * with {@link ObservationRegistry#NOOP}) nothing is observed.
	 * @param observationRegistry the registry
	 * @see DramatiqObservations
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = Objects.requireNonNull(observationRegistry,
				"'observationRegistry' must not be null");
	}

	/**
	 * Name and tag the {@code dramatiq.send} observations with this convention instead of
	 * the default one.
	 * @param sendObservationConvention the convention, or {@code null} for the default
	 */
	public void setSendObservationConvention(DramatiqSendObservationConvention sendObservationConvention) {
		this.sendObservationConvention = sendObservationConvention;
	}

	/**
	 * Return the registry enqueues are observed with.
	 * @return the registry, {@link ObservationRegistry#NOOP} unless one was set
	 */
	protected ObservationRegistry observationRegistry() {
		return this.observationRegistry;
	}

	/**
	 * Return the application's send convention.
	 * @return the convention, or {@code null} for the default
	 */
	protected DramatiqSendObservationConvention sendObservationConvention() {
		return this.sendObservationConvention;
	}

	@Override
	public ActorRegistry actors() {
		return this.actors;
	}

	/**
	 * Declare an actor and its queue.
	 * @param actor the actor
	 * @throws UnknownActorOptionException if the actor sets an option that no registered
	 * middleware declares in {@link Middleware#actorOptions()}
	 */
	@Override
	public void declareActor(ActorDefinition actor) {
		checkActorOptions(actor);
		emitBefore("declare_actor", (m) -> m.beforeDeclareActor(this, actor));
		declareQueue(actor.queueName());
		this.actors.register(actor);
		emitAfter("declare_actor", (m) -> m.afterDeclareActor(this, actor));
	}

	private void checkActorOptions(ActorDefinition actor) {
		Set<String> known = new HashSet<>();
		for (Middleware m : this.middleware) {
			known.addAll(m.actorOptions());
		}
		for (String option : actor.options().keySet()) {
			if (!known.contains(option)) {
				throw new UnknownActorOptionException(actor.actorName(), option);
			}
		}
	}

	@Override
	public void declareQueue(String queueName) {
		String canonical = QueueNames.canonical(queueName);
		if (this.queueNames.contains(canonical)) {
			return;
		}
		emitBefore("declare_queue", (m) -> m.beforeDeclareQueue(this, canonical));
		if (this.queueNames.add(canonical)) {
			doDeclareQueue(canonical);
			emitAfter("declare_queue", (m) -> m.afterDeclareQueue(this, canonical));
			String delayQueue = QueueNames.delay(canonical);
			emitAfter("declare_delay_queue", (m) -> m.afterDeclareDelayQueue(this, delayQueue));
		}
	}

	@Override
	public Set<String> queueNames() {
		synchronized (this.queueNames) {
			return Set.copyOf(this.queueNames);
		}
	}

	/**
	 * Return whether a canonical queue was declared.
	 * @param queueName the canonical queue name
	 * @return whether it was declared
	 */
	protected boolean isDeclared(String queueName) {
		return this.queueNames.contains(QueueNames.canonical(queueName));
	}

	@Override
	public Message enqueue(Message message, Duration delay) {
		Objects.requireNonNull(message, "'message' must not be null");
		String canonical = QueueNames.canonical(message.queueName());
		Message target = message;
		if (delay != null) {
			long eta = System.currentTimeMillis() + Math.max(0, delay.toMillis());
			target = message.withQueueName(QueueNames.delay(canonical)).withOption(ETA, eta);
		}
		return DramatiqObservations.send(this.observationRegistry, this.sendObservationConvention, target, type(),
				(enqueued) -> {
					emitBefore("enqueue", (m) -> m.beforeEnqueue(this, enqueued, delay));
					Message written = doEnqueue(enqueued);
					emitAfter("enqueue", (m) -> m.afterEnqueue(this, written, delay));
					return written;
				});
	}

	/**
	 * Create the queue, its delay queue and dead-letter queue on the server, if the
	 * broker has server-side queues. Called once per canonical queue.
	 * @param queueName the canonical queue name
	 */
	protected abstract void doDeclareQueue(String queueName);

	/**
	 * Write a message to the queue named by its {@code queueName}, which is the delay
	 * queue for a delayed message.
	 * @param message the message
	 * @return the message as written (for example with a broker-specific option added)
	 */
	protected abstract Message doEnqueue(Message message);

	@Override
	public void emitBefore(String hook, Consumer<Middleware> call) {
		for (Middleware m : this.middleware) {
			invoke(hook, "before_", m, call);
		}
	}

	@Override
	public void emitAfter(String hook, Consumer<Middleware> call) {
		Middleware[] chain = this.middleware;
		for (int i = chain.length - 1; i >= 0; i--) {
			invoke(hook, "after_", chain[i], call);
		}
	}

	private void invoke(String hook, String prefix, Middleware m, Consumer<Middleware> call) {
		try {
			call.accept(m);
		}
		catch (MiddlewareException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			logger.error("Middleware {} failed in {}{}.", m.getClass().getSimpleName(), prefix, hook, ex);
		}
	}

}
