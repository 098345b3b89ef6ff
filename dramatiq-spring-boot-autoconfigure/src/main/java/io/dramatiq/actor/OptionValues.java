package io.dramatiq.actor;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.dramatiq.Durations;

/**
 * Conversions of actor option values, from the forms settings are written in (text,
 * numbers, durations, classes) to the forms actor options hold; used by
 * {@link ActorOptions}. Each throws {@link IllegalArgumentException} with the fix.
 */
final class OptionValues {

	private OptionValues() {
	}

	/**
	 * A time limit: {@code Infinity} (or "infinity", "inf") disables it, anything else is
	 * a duration in milliseconds.
	 */
	static Object timeLimit(Object value) {
		return isInfinity(value) ? (Object) Double.POSITIVE_INFINITY : durationMillis(value);
	}

	static Long durationMillis(Object value) {
		long millis = Durations.toMillis(value);
		if (millis < 0) {
			throw new IllegalArgumentException("a duration must not be negative.");
		}
		return millis;
	}

	static boolean isInfinity(Object value) {
		if (value instanceof Double number) {
			return number.isInfinite() && number > 0;
		}
		if (value instanceof CharSequence text) {
			String trimmed = text.toString().trim();
			return trimmed.equalsIgnoreCase("infinity") || trimmed.equalsIgnoreCase("inf");
		}
		return false;
	}

	static Integer retryCount(Object value) {
		long count;
		if (value instanceof Number number) {
			count = number.longValue();
		}
		else if (value instanceof CharSequence text) {
			String trimmed = text.toString().trim();
			if (trimmed.equalsIgnoreCase("forever")) {
				return null;
			}
			try {
				count = Long.parseLong(trimmed);
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("use a number of retries, or -1 or 'forever' to retry forever.");
			}
		}
		else {
			throw new IllegalArgumentException("use a number of retries, or -1 or 'forever' to retry forever.");
		}
		if (count == Actor.RETRY_FOREVER) {
			return null;
		}
		if (count < 0 || count > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("use a number of retries, or -1 or 'forever' to retry forever.");
		}
		return (int) count;
	}

	static Boolean bool(Object value) {
		if (value instanceof Boolean bool) {
			return bool;
		}
		if (value instanceof CharSequence text) {
			String trimmed = text.toString().trim();
			if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
				return Boolean.parseBoolean(trimmed);
			}
		}
		throw new IllegalArgumentException("use true or false.");
	}

	static String actorName(Object value) {
		if (value instanceof CharSequence text) {
			return text.toString().trim();
		}
		throw new IllegalArgumentException("use an actor name.");
	}

	static List<Class<? extends Throwable>> exceptionTypes(Object value) {
		List<Object> items = new ArrayList<>();
		if (value instanceof Collection<?> collection) {
			items.addAll(collection);
		}
		else if (value.getClass().isArray()) {
			for (int i = 0; i < Array.getLength(value); i++) {
				items.add(Array.get(value, i));
			}
		}
		else if (value instanceof CharSequence text) {
			for (String name : text.toString().split(",")) {
				if (!name.isBlank()) {
					items.add(name.trim());
				}
			}
		}
		else {
			items.add(value);
		}
		List<Class<? extends Throwable>> types = new ArrayList<>();
		for (Object item : items) {
			types.add(exceptionType(item));
		}
		return List.copyOf(types);
	}

	@SuppressWarnings("unchecked")
	static Class<? extends Throwable> exceptionType(Object item) {
		Class<?> type;
		if (item instanceof Class<?> cls) {
			type = cls;
		}
		else if (item instanceof CharSequence name) {
			type = loadClass(name.toString().trim());
		}
		else {
			throw new IllegalArgumentException("use exception classes or their fully qualified names.");
		}
		if (!Throwable.class.isAssignableFrom(type)) {
			throw new IllegalArgumentException(type.getName() + " is not an exception class.");
		}
		return (Class<? extends Throwable>) type;
	}

	static Class<?> loadClass(String name) {
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		try {
			return Class.forName(name, false, (loader != null) ? loader : OptionValues.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalArgumentException("class " + name + " was not found.", ex);
		}
	}

}
