package io.dramatiq.message;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Python's truth test for option values, which Python Dramatiq applies to options such as
 * {@code store_results} and {@code abortable} ({@code if message.options.get(k)}).
 */
public final class PythonTruth {

	private PythonTruth() {
	}

	/**
	 * Return whether Python would take a value as true: {@code null}, {@code false},
	 * zero, a zero duration, and empty text, collections and maps are false; anything
	 * else is true.
	 * @param value an option value
	 * @return whether it is truthy
	 */
	public static boolean isTruthy(Object value) {
		if (value == null) {
			return false;
		}
		if (value instanceof Boolean bool) {
			return bool;
		}
		if (value instanceof Number number) {
			return number.doubleValue() != 0;
		}
		if (value instanceof Duration duration) {
			return !duration.isZero();
		}
		if (value instanceof CharSequence text) {
			return !text.isEmpty();
		}
		if (value instanceof Collection<?> collection) {
			return !collection.isEmpty();
		}
		if (value instanceof Map<?, ?> map) {
			return !map.isEmpty();
		}
		return true;
	}

}
