package io.dramatiq.actor;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.message.QueueNames;

/**
 * The actors known to this process, by name. Names are unique, as on a Python broker.
 * <p>
 * Besides the actors this process runs, the registry knows <em>remote</em> actors: actors
 * that live in another service (Python or Java), known only by name and queue. Callbacks
 * ({@code on_success}, {@code on_failure}, {@code on_retry_exhausted}) name their target
 * actor, which is looked up here to find its queue, as Python Dramatiq does in the
 * executing worker's registry. A remote actor is never run by this process.
 */
public class ActorRegistry {

	// looked up for every message by many worker threads: no lock on reads
	private final Map<String, ActorDefinition> actors = new ConcurrentHashMap<>();

	private final List<ActorDefinition> registrationOrder = new CopyOnWriteArrayList<>();

	private final Map<String, String> remoteActors = Collections.synchronizedMap(new LinkedHashMap<>());

	/**
	 * Register an actor.
	 * @param actor the actor
	 * @throws IllegalStateException if another actor has the same name
	 */
	public synchronized void register(ActorDefinition actor) {
		String remoteQueue = this.remoteActors.get(actor.actorName());
		if (remoteQueue != null) {
			throw new IllegalStateException(
					"Actor '" + actor.actorName() + "' is registered as a remote actor on queue '" + remoteQueue
							+ "' and declared on " + actor.function() + ". Remove one of them.");
		}
		ActorDefinition existing = this.actors.putIfAbsent(actor.actorName(), actor);
		if (existing == null) {
			this.registrationOrder.add(actor);
		}
		if (existing != null && existing != actor) {
			throw new IllegalStateException(
					"Actor '" + actor.actorName() + "' is declared twice: on " + existing.function() + " and on "
							+ actor.function() + ". Give one of them a different @Actor(name).");
		}
	}

	/**
	 * Find an actor.
	 * @param actorName the name
	 * @return the actor, if registered
	 */
	public Optional<ActorDefinition> find(String actorName) {
		return Optional.ofNullable(this.actors.get(actorName));
	}

	/**
	 * Return an actor.
	 * @param actorName the name
	 * @return the actor
	 * @throws ActorNotFoundException if no actor has that name
	 */
	public ActorDefinition get(String actorName) {
		ActorDefinition actor = this.actors.get(actorName);
		if (actor == null) {
			throw new ActorNotFoundException("Actor '" + actorName + "' is not registered in this process.");
		}
		return actor;
	}

	/**
	 * Return every registered actor, in registration order.
	 * @return the actors
	 */
	public Collection<ActorDefinition> all() {
		return List.copyOf(this.registrationOrder);
	}

	/**
	 * Return the canonical queues of the registered actors.
	 * @return the queue names, in registration order
	 */
	public Set<String> queueNames() {
		Set<String> queues = new LinkedHashSet<>();
		for (ActorDefinition actor : all()) {
			queues.add(actor.queueName());
		}
		return queues;
	}

	/**
	 * Register an actor that lives in another service, so that callbacks naming it can be
	 * sent to its queue. The broker must be able to publish to that queue; a worker of
	 * this process does not run the actor.
	 * @param actorName the actor name
	 * @param queueName the canonical queue the actor consumes
	 * @throws IllegalStateException if a local actor has that name, or the remote actor
	 * was registered on another queue
	 */
	public synchronized void registerRemote(String actorName, String queueName) {
		if (actorName == null || actorName.isEmpty()) {
			throw new IllegalArgumentException("'actorName' must not be empty");
		}
		QueueNames.validate(queueName);
		ActorDefinition local = this.actors.get(actorName);
		if (local != null) {
			throw new IllegalStateException(
					"Actor '" + actorName + "' cannot be registered as a remote actor on queue '" + queueName
							+ "': it is declared in this process on " + local.function() + ".");
		}
		String existing = this.remoteActors.putIfAbsent(actorName, queueName);
		if (existing != null && !existing.equals(queueName)) {
			throw new IllegalStateException("Remote actor '" + actorName + "' is registered on queue '" + existing
					+ "' and on queue '" + queueName + "'. Register it once.");
		}
	}

	/**
	 * Return the remote actors.
	 * @return their queues by actor name, in registration order
	 */
	public Map<String, String> remoteActors() {
		synchronized (this.remoteActors) {
			return Collections.unmodifiableMap(new LinkedHashMap<>(this.remoteActors));
		}
	}

	/**
	 * Return the queue of an actor, local or remote, for sending it a message.
	 * @param actorName the actor name
	 * @return the canonical queue name, if the actor is known
	 */
	public Optional<String> queueNameOf(String actorName) {
		ActorDefinition local = this.actors.get(actorName);
		if (local != null) {
			return Optional.of(local.queueName());
		}
		return Optional.ofNullable(this.remoteActors.get(actorName));
	}

}
