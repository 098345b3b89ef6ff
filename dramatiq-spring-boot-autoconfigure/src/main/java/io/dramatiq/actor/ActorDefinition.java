package io.dramatiq.actor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.dramatiq.message.QueueNames;

/**
 * A declared actor: its name, queue, priority, actor-level options and the function it
 * runs.
 * <p>
 * Options use Python Dramatiq's names ({@code max_retries}, {@code time_limit}, ...).
 * Their values are Java objects (durations in milliseconds as {@link Long}, predicates,
 * exception types); actor options never travel on the wire.
 *
 * @param actorName the actor name
 * @param queueName the canonical queue name
 * @param priority lower runs first among prefetched messages
 * @param options actor-level options
 * @param function the code to run
 */
public record ActorDefinition(String actorName, String queueName, int priority, Map<String, Object> options,
		ActorFunction function) {

	/**
	 * Check the components and copy the options.
	 * @param actorName the actor name
	 * @param queueName the canonical queue name
	 * @param priority lower runs first among prefetched messages
	 * @param options actor-level options
	 * @param function the code to run
	 */
	public ActorDefinition {
		Objects.requireNonNull(actorName, "'actorName' must not be null");
		QueueNames.validate(queueName);
		options = (options != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(options)) : Map.of();
		Objects.requireNonNull(function, "'function' must not be null");
	}

	/**
	 * Create a definition on the default queue with priority 0 and no options.
	 * @param actorName the actor name
	 * @param function the code to run
	 * @return the definition
	 */
	public static ActorDefinition of(String actorName, ActorFunction function) {
		return new ActorDefinition(actorName, QueueNames.DEFAULT_QUEUE, 0, Map.of(), function);
	}

	/**
	 * Return an actor option.
	 * @param key the option's Python name
	 * @return the value or {@code null}
	 */
	public Object option(String key) {
		return this.options.get(key);
	}

	/**
	 * Return a copy with other options.
	 * @param options the options
	 * @return the copy
	 */
	public ActorDefinition withOptions(Map<String, Object> options) {
		return new ActorDefinition(this.actorName, this.queueName, this.priority, options, this.function);
	}

}
