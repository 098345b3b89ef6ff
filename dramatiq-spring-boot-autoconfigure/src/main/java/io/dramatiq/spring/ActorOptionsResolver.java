package io.dramatiq.spring;

import io.dramatiq.actor.ActorOptions.Resolved;
import io.dramatiq.actor.ActorOptions.Setting;
import io.dramatiq.actor.ActorOptions.Source;
import io.dramatiq.actor.ActorOptions;
import io.dramatiq.actor.AnnotationOptions;
import io.dramatiq.actor.InvalidActorOptionException;
import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.actor.UnknownActorOptionException;

/**
 * Resolves the options of an {@code @Actor} method with one precedence, lowest first:
 * Python's default, {@link ActorOptionLayers#globalDefaults()}, the annotation's
 * attributes, {@link ActorOptionLayers#actorOptions(String)}. Names given to
 * {@code retry_when} are beans. Mistakes become {@link ActorDefinitionException}s that
 * name the actor, the option, where it is set (a property or an annotation attribute) and
 * the fix.
 */
final class ActorOptionsResolver {

	private final ActorOptions actorOptions;

	private final ActorOptionLayers layers;

	ActorOptionsResolver(ActorOptions actorOptions, ActorOptionLayers layers) {
		this.actorOptions = actorOptions;
		this.layers = layers;
	}

	/**
	 * Merge the layers of an actor.
	 * @param actor the actor method
	 * @return the options and where each came from
	 * @throws ActorDefinitionException if a value is invalid
	 */
	Resolved resolve(ActorMethod actor) {
		String name = actor.actorName();
		try {
			return this.actorOptions.resolve(name, this.layers.globalDefaults(),
					AnnotationOptions.of(actor.annotation()), this.layers.actorOptions(name));
		}
		catch (InvalidActorOptionException ex) {
			String option = ex.option();
			String origin = origin(actor, ex.source(), option);
			String reason = (ex.getCause() != null) ? ex.getCause().getMessage() : ex.getMessage();
			throw new ActorDefinitionException("Actor '" + name + "' has an invalid value for option '" + option
					+ "', set by " + origin + ": " + reason, "Change " + origin + " to " + expected(option) + ".", ex);
		}
	}

	/**
	 * Explain an option that no middleware declares.
	 * @param actor the actor method
	 * @param resolved its options
	 * @param ex the broker's rejection
	 * @return the exception to throw
	 */
	ActorDefinitionException unknownOption(ActorMethod actor, Resolved resolved, UnknownActorOptionException ex) {
		String option = ex.option();
		Setting setting = resolved.settings().get(option);
		String origin = (setting != null) ? origin(actor, setting.source(), option) : "the actor's options";
		return new ActorDefinitionException(
				"Actor '" + actor.actorName() + "' sets option '" + option + "' (" + origin
						+ "), but no registered middleware declares it.",
				"Add a Middleware bean whose actorOptions() include '" + option + "', or remove the option from "
						+ origin + ".",
				ex);
	}

	String origin(ActorMethod actor, Source source, String option) {
		if (source == Source.ANNOTATION) {
			return "@Actor(" + annotationAttribute(option) + ") on " + actor.describe();
		}
		if (source == Source.GLOBAL_DEFAULTS || source == Source.ACTOR_PROPERTIES) {
			return this.layers.describe(source, actor.actorName(), option);
		}
		return "the built-in default";
	}

	/**
	 * Return the {@code @Actor} attribute of an option: {@code time_limit} is
	 * {@code timeLimit}, {@code throws} is {@code throwsTypes}.
	 */
	static String annotationAttribute(String option) {
		if ("throws".equals(option)) {
			return "throwsTypes";
		}
		StringBuilder camel = new StringBuilder();
		boolean upper = false;
		for (char c : option.toCharArray()) {
			if (c == '_') {
				upper = true;
			}
			else {
				camel.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return camel.toString();
	}

	private String expected(String option) {
		OptionSpec spec = this.actorOptions.specs().get(option);
		Kind kind = (spec != null) ? spec.kind() : Kind.ANY;
		return switch (kind) {
			case DURATION, TIME_LIMIT -> "a duration such as '500ms', '30s', '10m', '7d' or 'PT10M'";
			case RETRY_COUNT -> "a number of retries, or -1 to retry forever";
			case BOOLEAN -> "true or false";
			case ACTOR_NAME -> "the name of an actor";
			case EXCEPTION_TYPES -> "fully qualified names of exception classes on the class path";
			case RETRY_PREDICATE -> "the name of a bean that implements RetryWhen or BiPredicate<Integer, Throwable>";
			case ANY -> "a value that the middleware reading it accepts";
		};
	}

}
