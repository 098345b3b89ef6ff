package io.dramatiq.actor;

import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * An actor option, as a middleware declares it ({@code Middleware#actorOptionSpecs()}):
 * its Python name, the kind of value, which decides how settings are converted, and
 * Python Dramatiq's default (spec §12.2).
 *
 * @param name the Python name
 * @param kind the kind of value
 * @param defaultValue Python's default, or {@code null} for none
 * @param middleware the simple name of the middleware that reads it
 * @param adapter adapts an object given for a reference option (such as a
 * {@code BiPredicate} for {@code retry_when}) to the type the middleware reads, or throws
 * {@link IllegalArgumentException} naming the types it accepts
 */
public record OptionSpec(String name, Kind kind, Object defaultValue, String middleware,
		UnaryOperator<Object> adapter) {

	/**
	 * Check the name and kind, and keep references as given when no adapter is set.
	 * @param name the option's Python name
	 * @param kind how values given in properties and annotations are converted
	 * @param defaultValue Python's default, or {@code null}
	 * @param middleware the simple name of the middleware that reads it
	 * @param adapter adapts an object given for a reference option, or {@code null}
	 */
	public OptionSpec {
		Objects.requireNonNull(name, "'name' must not be null");
		Objects.requireNonNull(kind, "'kind' must not be null");
		adapter = (adapter != null) ? adapter : UnaryOperator.identity();
	}

	/**
	 * Create an option whose references, if any, are kept as given.
	 * @param name the Python name
	 * @param kind the kind of value
	 * @param defaultValue Python's default, or {@code null} for none
	 * @param middleware the simple name of the middleware that reads it
	 */
	public OptionSpec(String name, Kind kind, Object defaultValue, String middleware) {
		this(name, kind, defaultValue, middleware, null);
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

		/**
		 * A reference to an object, such as a {@code RetryWhen}, given as the object or
		 * its name; the option's {@link OptionSpec#adapter()} checks and adapts it.
		 */
		RETRY_PREDICATE,

		/** Anything, kept as given. */
		ANY

	}

}
