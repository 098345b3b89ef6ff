package io.dramatiq.spring;

import java.util.Map;
import java.util.Set;

import io.dramatiq.actor.ActorOptions;

/**
 * The configured layers of actor options, around the
 * {@link io.dramatiq.actor.Actor @Actor} attributes: options for every actor (below the
 * attributes) and each actor's own options (above them). {@link ActorBeanPostProcessor}
 * merges them with {@link ActorOptions#resolve} when it declares an actor. Spring Boot's
 * auto-configuration provides one from {@code dramatiq.actors.*}; without such a bean
 * only the attributes count.
 * <p>
 * Layers are plain maps keyed by option name (Python's, kebab-case or camel-case); only
 * values that were set belong in them, because every value given ends up in the actor's
 * options.
 */
public interface ActorOptionLayers {

	/**
	 * Return the options of every actor ({@link ActorOptions.Source#GLOBAL_DEFAULTS}).
	 * @return the options that were set, possibly empty
	 */
	Map<String, Object> globalDefaults();

	/**
	 * Return the options of one actor ({@link ActorOptions.Source#ACTOR_PROPERTIES}).
	 * @param actorName the actor name
	 * @return the options that were set, possibly empty
	 */
	Map<String, Object> actorOptions(String actorName);

	/**
	 * Describe where an option of a layer is set, for error messages, such as
	 * {@code property 'dramatiq.actors.defaults.time-limit'}.
	 * @param source {@link ActorOptions.Source#GLOBAL_DEFAULTS} or
	 * {@link ActorOptions.Source#ACTOR_PROPERTIES}
	 * @param actorName the actor name
	 * @param option the option's Python name
	 * @return the description
	 */
	String describe(ActorOptions.Source source, String actorName, String option);

	/**
	 * Called once every actor of the application is declared, so that settings for actors
	 * that do not exist (often a misspelt name) can be reported.
	 * @param actorNames the names of the declared actors
	 */
	default void actorsDeclared(Set<String> actorNames) {
	}

}
