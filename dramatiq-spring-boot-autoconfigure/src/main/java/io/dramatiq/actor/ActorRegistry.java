package io.dramatiq.actor;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The actors known to this process, by name. Names are unique, as on a Python broker.
 */
public class ActorRegistry {

	private final Map<String, ActorDefinition> actors = Collections.synchronizedMap(new LinkedHashMap<>());

	/**
	 * Register an actor.
	 * @param actor the actor
	 * @throws IllegalStateException if another actor has the same name
	 */
	public void register(ActorDefinition actor) {
		ActorDefinition existing = this.actors.putIfAbsent(actor.actorName(), actor);
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
		synchronized (this.actors) {
			return java.util.List.copyOf(this.actors.values());
		}
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

}
