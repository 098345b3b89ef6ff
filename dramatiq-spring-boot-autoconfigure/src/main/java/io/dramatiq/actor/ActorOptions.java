package io.dramatiq.actor;

import java.lang.reflect.Array;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

import io.dramatiq.middleware.AgeLimit;
import io.dramatiq.middleware.Callbacks;
import io.dramatiq.middleware.Pipelines;
import io.dramatiq.middleware.Retries;
import io.dramatiq.middleware.RetryWhen;
import io.dramatiq.middleware.ShutdownNotifications;
import io.dramatiq.middleware.TimeLimit;

/**
 * Knows every actor option (its Python name, kind and Python Dramatiq's default, spec
 * §12.2) and merges the layers that set them into the options of an
 * {@link ActorDefinition}, with one precedence everywhere, lowest first:
 * <ol>
 * <li>the built-in default, which is Python's and lives in the middleware
 * ({@link Source#BUILT_IN_DEFAULT});</li>
 * <li>global defaults for every actor, {@code dramatiq.actors.defaults.*} in Spring
 * ({@link Source#GLOBAL_DEFAULTS});</li>
 * <li>the {@link Actor @Actor} attributes ({@link Source#ANNOTATION}, see
 * {@link #fromAnnotation(Actor)});</li>
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
 * {@code retry_when} accepts a {@link RetryWhen}, a
 * {@code BiPredicate<Integer, Throwable>} or the name of one, looked up with the
 * {@link ReferenceResolver} (Spring passes its bean factory). Options this class does not
 * know are passed through unchanged, for users' own middleware; the broker rejects
 * options that no middleware declares when the actor is declared.
 * <p>
 * Spring-free: the Spring layer binds its properties to maps and feeds them here.
 */
public final class ActorOptions {

	/** Default of every option that is not set anywhere: {@code null}. */
	private static final Object NONE = null;

	private final Map<String, OptionSpec> specs;

	private final ReferenceResolver resolver;

	private ActorOptions(Map<String, OptionSpec> specs, ReferenceResolver resolver) {
		this.specs = Collections.unmodifiableMap(specs);
		this.resolver = resolver;
	}

	/**
	 * Return the options of Python Dramatiq's middleware (spec §12.2), with Python's
	 * defaults, and no reference resolver.
	 * @return the registry
	 */
	public static ActorOptions standard() {
		Map<String, OptionSpec> specs = new LinkedHashMap<>();
		add(specs, AgeLimit.MAX_AGE, Kind.DURATION, NONE, "AgeLimit");
		add(specs, TimeLimit.TIME_LIMIT, Kind.TIME_LIMIT, TimeLimit.DEFAULT_TIME_LIMIT.toMillis(), "TimeLimit");
		add(specs, ShutdownNotifications.NOTIFY_SHUTDOWN, Kind.BOOLEAN, ShutdownNotifications.DEFAULT_NOTIFY_SHUTDOWN,
				"ShutdownNotifications");
		add(specs, Callbacks.ON_SUCCESS, Kind.ACTOR_NAME, NONE, "Callbacks");
		add(specs, Callbacks.ON_FAILURE, Kind.ACTOR_NAME, NONE, "Callbacks");
		add(specs, Pipelines.PIPE_IGNORE, Kind.BOOLEAN, false, "Pipelines");
		add(specs, Pipelines.PIPE_TARGET, Kind.ANY, NONE, "Pipelines");
		add(specs, Retries.MAX_RETRIES, Kind.RETRY_COUNT, Retries.DEFAULT_MAX_RETRIES, "Retries");
		add(specs, Retries.MIN_BACKOFF, Kind.DURATION, Retries.DEFAULT_MIN_BACKOFF.toMillis(), "Retries");
		add(specs, Retries.MAX_BACKOFF, Kind.DURATION, Retries.DEFAULT_MAX_BACKOFF.toMillis(), "Retries");
		add(specs, Retries.RETRY_WHEN, Kind.RETRY_PREDICATE, NONE, "Retries");
		add(specs, Retries.THROWS, Kind.EXCEPTION_TYPES, NONE, "Retries");
		add(specs, Retries.ON_RETRY_EXHAUSTED, Kind.ACTOR_NAME, NONE, "Retries");
		add(specs, "store_results", Kind.BOOLEAN, false, "Results");
		add(specs, "result_ttl", Kind.DURATION, 600000L, "Results");
		return new ActorOptions(specs, null);
	}

	private static void add(Map<String, OptionSpec> specs, String name, Kind kind, Object defaultValue,
			String middleware) {
		specs.put(name, new OptionSpec(name, kind, defaultValue, middleware));
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
	 * Return the Python name of an option key: {@code max-retries}, {@code maxRetries}
	 * and {@code [max_retries]} all become {@code max_retries}.
	 * @param key the key
	 * @return the Python name
	 */
	public static String optionName(String key) {
		String name = key.trim();
		if (name.startsWith("[") && name.endsWith("]")) {
			name = name.substring(1, name.length() - 1);
		}
		StringBuilder snake = new StringBuilder();
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c)) {
				if (i > 0 && snake.length() > 0 && snake.charAt(snake.length() - 1) != '_') {
					snake.append('_');
				}
				snake.append(Character.toLowerCase(c));
			}
			else {
				snake.append((c == '-') ? '_' : c);
			}
		}
		return snake.toString().toLowerCase(Locale.ROOT);
	}

	/**
	 * Return the annotation layer of an {@link Actor @Actor}: the attributes that were
	 * set, by Python name, unconverted. {@link Actor#UNSET}, empty strings and empty
	 * arrays are not set; {@code notifyShutdown} counts as set only when {@code true};
	 * {@link Actor#RETRY_FOREVER} means "retry forever".
	 * @param actor the annotation
	 * @return the layer, in Python's option order
	 */
	public static Map<String, Object> fromAnnotation(Actor actor) {
		Map<String, Object> layer = new LinkedHashMap<>();
		putText(layer, AgeLimit.MAX_AGE, actor.maxAge());
		putText(layer, TimeLimit.TIME_LIMIT, actor.timeLimit());
		if (actor.notifyShutdown()) {
			layer.put(ShutdownNotifications.NOTIFY_SHUTDOWN, true);
		}
		putText(layer, Callbacks.ON_SUCCESS, actor.onSuccess());
		putText(layer, Callbacks.ON_FAILURE, actor.onFailure());
		if (actor.maxRetries() != Actor.UNSET) {
			layer.put(Retries.MAX_RETRIES, actor.maxRetries());
		}
		putText(layer, Retries.MIN_BACKOFF, actor.minBackoff());
		putText(layer, Retries.MAX_BACKOFF, actor.maxBackoff());
		putText(layer, Retries.RETRY_WHEN, actor.retryWhen());
		if (actor.throwsTypes().length > 0) {
			layer.put(Retries.THROWS, List.of(actor.throwsTypes()));
		}
		putText(layer, Retries.ON_RETRY_EXHAUSTED, actor.onRetryExhausted());
		return layer;
	}

	private static void putText(Map<String, Object> layer, String name, String value) {
		if (value != null && !value.isBlank()) {
			layer.put(name, value);
		}
	}

	/**
	 * Merge the layers of one actor, lowest first.
	 * @param actorName the actor name, for error messages
	 * @param globalDefaults options for every actor ({@code dramatiq.actors.defaults.*}),
	 * or {@code null}
	 * @param annotation the {@code @Actor} attributes ({@link #fromAnnotation(Actor)}),
	 * or {@code null}
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
			String name = optionName(entry.getKey());
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
			case RETRY_PREDICATE -> retryWhen(value);
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

	@SuppressWarnings("unchecked")
	private RetryWhen retryWhen(Object value) {
		Object target = value;
		if (value instanceof CharSequence name) {
			if (this.resolver == null) {
				throw new IllegalArgumentException("a name needs a reference resolver, such as Spring's bean factory;"
						+ " pass a RetryWhen instead.");
			}
			target = this.resolver.resolve(name.toString().trim(), Object.class);
		}
		if (target instanceof RetryWhen retryWhen) {
			return retryWhen;
		}
		if (target instanceof BiPredicate<?, ?> predicate) {
			return RetryWhen.of((BiPredicate<Integer, Throwable>) predicate);
		}
		throw new IllegalArgumentException("use a RetryWhen or a BiPredicate<Integer, Throwable>"
				+ ((target != null) ? ", not a " + target.getClass().getName() : "") + ".");
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
	 * The kind of an option's value, which decides how it is converted.
	 */
	public enum Kind {

		/** A duration, held as milliseconds ({@link Long}). */
		DURATION,

		/** A duration in milliseconds, or {@link Double#POSITIVE_INFINITY} for none. */
		TIME_LIMIT,

		/** A number of retries ({@link Integer}), or {@code null} for forever. */
		RETRY_COUNT,

		/** A {@link Boolean}. */
		BOOLEAN,

		/** An actor name. */
		ACTOR_NAME,

		/** A list of exception classes. */
		EXCEPTION_TYPES,

		/** A {@link RetryWhen}. */
		RETRY_PREDICATE,

		/** Anything, kept as given. */
		ANY

	}

	/**
	 * An actor option.
	 *
	 * @param name the Python name
	 * @param kind the kind of value
	 * @param defaultValue Python's default, or {@code null} for none
	 * @param middleware the simple name of the middleware that reads it
	 */
	public record OptionSpec(String name, Kind kind, Object defaultValue, String middleware) {

		public OptionSpec {
			Objects.requireNonNull(name, "'name' must not be null");
			Objects.requireNonNull(kind, "'kind' must not be null");
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
