package io.dramatiq.actor;

import java.lang.reflect.Array;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.dramatiq.actor.OptionSpec.Kind;

/**
 * Knows every actor option (its Python name, kind and Python Dramatiq's default, spec
 * §12.2), as the middleware declare them ({@code Middleware#actorOptionSpecs()}; the
 * standard set is {@code io.dramatiq.middleware.StandardActorOptions}), and merges the
 * layers that set them into the options of an {@link ActorDefinition}, with one
 * precedence everywhere, lowest first:
 * <ol>
 * <li>the built-in default, which is Python's and lives in the middleware
 * ({@link Source#BUILT_IN_DEFAULT});</li>
 * <li>global defaults for every actor, {@code dramatiq.actors.defaults.*} in Spring
 * ({@link Source#GLOBAL_DEFAULTS});</li>
 * <li>the {@link Actor @Actor} attributes ({@link Source#ANNOTATION}, see
 * {@link AnnotationOptions#of(Actor)});</li>
 * <li>per-actor settings, {@code dramatiq.actors.<name>.*} in Spring
 * ({@link Source#ACTOR_PROPERTIES}).</li>
 * </ol>
 * The message's own options override all of these at run time; each middleware applies
 * that last step with Python's rule.
 * <p>
 * Layers are plain maps. Keys may be Python names ({@code max_retries}), kebab-case
 * ({@code max-retries}) or camel-case ({@code maxRetries}). A {@code null} or blank
 * value, or an empty list, means "not set". Values are converted by kind: durations
 * accept a {@link Duration}, a number of milliseconds or text ({@code 15s}, {@code 7d},
 * {@code PT10M}) and become milliseconds ({@link Long}); {@code time_limit} also accepts
 * {@code infinity}; {@code max_retries} accepts {@code -1} or {@code forever} for "retry
 * forever" (a {@code null} value); {@code throws} accepts classes or class names;
 * {@code retry_when} accepts a {@code RetryWhen}, a
 * {@code BiPredicate<Integer, Throwable>} or the name of one, looked up with the
 * {@link ReferenceResolver} and adapted by the option's {@link OptionSpec#adapter()}
 * (Spring passes its bean factory). Options this class does not know are passed through
 * unchanged, for users' own middleware; the broker rejects options that no middleware
 * declares when the actor is declared.
 * <p>
 * Spring-free: the Spring layer binds its properties to maps and feeds them here.
 */
public final class ActorOptions {

	private final Map<String, OptionSpec> specs;

	private final ReferenceResolver resolver;

	private ActorOptions(Map<String, OptionSpec> specs, ReferenceResolver resolver) {
		this.specs = Collections.unmodifiableMap(specs);
		this.resolver = resolver;
	}

	/**
	 * Return the registry of the given options, in the given order, with no reference
	 * resolver.
	 * @param specs the options, such as those the middleware declare
	 * @return the registry
	 */
	public static ActorOptions of(Collection<OptionSpec> specs) {
		Map<String, OptionSpec> byName = new LinkedHashMap<>();
		specs.forEach((spec) -> byName.put(spec.name(), spec));
		return new ActorOptions(byName, null);
	}

	/**
	 * Return a copy that also knows the given option, for example one of a user's
	 * middleware.
	 * @param spec the option
	 * @return the copy
	 */
	public ActorOptions withSpec(OptionSpec spec) {
		Objects.requireNonNull(spec, "'spec' must not be null");
		Map<String, OptionSpec> copy = new LinkedHashMap<>(this.specs);
		copy.put(spec.name(), spec);
		return new ActorOptions(copy, this.resolver);
	}

	/**
	 * Return a copy that resolves names given to reference options ({@code retry_when})
	 * with the given resolver.
	 * @param resolver the resolver, such as a bean factory's {@code getBean}
	 * @return the copy
	 */
	public ActorOptions withReferenceResolver(ReferenceResolver resolver) {
		return new ActorOptions(new LinkedHashMap<>(this.specs), resolver);
	}

	/**
	 * Return the known options.
	 * @return the options by Python name, in spec order
	 */
	public Map<String, OptionSpec> specs() {
		return this.specs;
	}

	/**
	 * Return the built-in default of every known option (Python Dramatiq's).
	 * @return the defaults by Python name; {@code null} where there is none
	 */
	public Map<String, Object> builtInDefaults() {
		Map<String, Object> defaults = new LinkedHashMap<>();
		this.specs.forEach((name, spec) -> defaults.put(name, spec.defaultValue()));
		return Collections.unmodifiableMap(defaults);
	}

	/**
	 * Merge the layers of one actor, lowest first.
	 * @param actorName the actor name, for error messages
	 * @param globalDefaults options for every actor ({@code dramatiq.actors.defaults.*}),
	 * or {@code null}
	 * @param annotation the {@code @Actor} attributes
	 * ({@link AnnotationOptions#of(Actor)}), or {@code null}
	 * @param actorProperties the actor's own settings ({@code dramatiq.actors.<name>.*}),
	 * or {@code null}
	 * @return the options to declare the actor with, and where each value came from
	 * @throws InvalidActorOptionException if a value has the wrong kind
	 */
	public Resolved resolve(String actorName, Map<String, ?> globalDefaults, Map<String, ?> annotation,
			Map<String, ?> actorProperties) {
		Map<String, Setting> set = new LinkedHashMap<>();
		apply(set, actorName, Source.GLOBAL_DEFAULTS, globalDefaults);
		apply(set, actorName, Source.ANNOTATION, annotation);
		apply(set, actorName, Source.ACTOR_PROPERTIES, actorProperties);
		Map<String, Object> options = new LinkedHashMap<>();
		set.forEach((name, setting) -> options.put(name, setting.value()));
		Map<String, Setting> settings = new LinkedHashMap<>();
		this.specs.forEach((name, spec) -> settings.put(name,
				set.getOrDefault(name, new Setting(name, spec.defaultValue(), Source.BUILT_IN_DEFAULT))));
		settings.putAll(set);
		return new Resolved(actorName, Collections.unmodifiableMap(options), Collections.unmodifiableMap(settings));
	}

	private void apply(Map<String, Setting> set, String actorName, Source source, Map<String, ?> layer) {
		if (layer == null) {
			return;
		}
		for (Map.Entry<String, ?> entry : layer.entrySet()) {
			if (isUnset(entry.getValue())) {
				continue;
			}
			String name = OptionSpec.optionName(entry.getKey());
			Object value;
			try {
				value = convert(name, entry.getValue());
			}
			catch (RuntimeException ex) {
				throw new InvalidActorOptionException(
						"Option '" + name + "' of actor '" + actorName + "' set by " + source.description()
								+ " has an invalid value '" + describe(entry.getValue()) + "': " + ex.getMessage(),
						actorName, name, source, ex);
			}
			// a later layer takes the option's place at the end, as Python's dict update
			set.remove(name);
			set.put(name, new Setting(name, value, source));
		}
	}

	private static boolean isUnset(Object value) {
		return value == null || (value instanceof CharSequence text && text.toString().isBlank())
				|| (value instanceof Collection<?> collection && collection.isEmpty())
				|| (value.getClass().isArray() && Array.getLength(value) == 0);
	}

	private static String describe(Object value) {
		if (value instanceof Object[] array) {
			return List.of(array).toString();
		}
		return String.valueOf(value);
	}

	/**
	 * Convert a value of an option to the form actor options hold.
	 * @param option the option's Python name
	 * @param value the value, not {@code null}
	 * @return the converted value ({@code null} for "retry forever")
	 * @throws IllegalArgumentException if the value has the wrong kind
	 */
	public Object convert(String option, Object value) {
		OptionSpec spec = this.specs.get(option);
		Kind kind = (spec != null) ? spec.kind() : Kind.ANY;
		return switch (kind) {
			case DURATION -> OptionValues.durationMillis(value);
			case TIME_LIMIT -> OptionValues.timeLimit(value);
			case RETRY_COUNT -> OptionValues.retryCount(value);
			case BOOLEAN -> OptionValues.bool(value);
			case ACTOR_NAME -> OptionValues.actorName(value);
			case EXCEPTION_TYPES -> OptionValues.exceptionTypes(value);
			case RETRY_PREDICATE -> reference(spec, value);
			case ANY -> value;
		};
	}

	/**
	 * Convert an option given at send time to its wire form, as Python expects it in
	 * {@code options}: durations become whole milliseconds, an infinite time limit
	 * becomes {@code Infinity}; other values are kept.
	 * @param option the option's Python name
	 * @param value the value
	 * @return the value to put in the message's options
	 */
	public Object wireValue(String option, Object value) {
		OptionSpec spec = this.specs.get(option);
		if (value == null || spec == null) {
			return (value instanceof Duration duration) ? duration.toMillis() : value;
		}
		return switch (spec.kind()) {
			case DURATION -> OptionValues.durationMillis(value);
			case TIME_LIMIT -> OptionValues.timeLimit(value);
			default -> (value instanceof Duration duration) ? duration.toMillis() : value;
		};
	}

	private Object reference(OptionSpec spec, Object value) {
		Object target = value;
		if (value instanceof CharSequence name) {
			if (this.resolver == null) {
				throw new IllegalArgumentException("a name needs a reference resolver, such as Spring's bean factory;"
						+ " pass a RetryWhen instead.");
			}
			target = this.resolver.resolve(name.toString().trim(), Object.class);
		}
		return spec.adapter().apply(target);
	}

	/**
	 * Where the value of an option came from, lowest precedence first.
	 */
	public enum Source {

		/** Python Dramatiq's default, applied by the middleware itself. */
		BUILT_IN_DEFAULT("the built-in default"),

		/** Defaults for every actor ({@code dramatiq.actors.defaults.*}). */
		GLOBAL_DEFAULTS("the actor defaults (dramatiq.actors.defaults)"),

		/** The {@code @Actor} attributes. */
		ANNOTATION("@Actor"),

		/** The actor's own settings ({@code dramatiq.actors.<name>.*}). */
		ACTOR_PROPERTIES("the actor's settings (dramatiq.actors.<name>)");

		private final String description;

		Source(String description) {
			this.description = description;
		}

		/**
		 * Return a description for messages.
		 * @return the description
		 */
		public String description() {
			return this.description;
		}

	}

	/**
	 * The effective value of an option and where it came from.
	 *
	 * @param name the Python name
	 * @param value the value ({@code null} for none, or for "retry forever")
	 * @param source where it came from
	 */
	public record Setting(String name, Object value, Source source) {
	}

	/**
	 * The options of one actor after merging the layers.
	 *
	 * @param actorName the actor name
	 * @param options the values set above the built-in defaults, by Python name: the
	 * options to declare the actor with ({@link ActorDefinition#options()}); the
	 * middleware applies the built-in defaults to the others
	 * @param settings the effective value of every known option, and of every other set
	 * option, with its source
	 */
	public record Resolved(String actorName, Map<String, Object> options, Map<String, Setting> settings) {
	}

	/**
	 * Looks up an object by name, such as a Spring bean, for options that name one.
	 */
	@FunctionalInterface
	public interface ReferenceResolver {

		/**
		 * Return the object with the given name.
		 * @param name the name
		 * @param type the expected type
		 * @return the object
		 * @throws RuntimeException if there is none
		 */
		Object resolve(String name, Class<?> type);

	}

}
