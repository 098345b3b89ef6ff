package io.dramatiq.spring.boot.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Turns actor option values into values any JSON writer shows sensibly: strings,
 * booleans, finite numbers and lists stay; infinity becomes the string {@code "inf"}, a
 * class its name, and anything else its {@code toString()}.
 */
final class JsonValues {

	private JsonValues() {
	}

	static Object of(Object value) {
		if (value == null || value instanceof String || value instanceof Boolean) {
			return value;
		}
		if (value instanceof Number number) {
			double d = number.doubleValue();
			return (Double.isInfinite(d) || Double.isNaN(d)) ? ((d > 0) ? "inf" : String.valueOf(d)) : number;
		}
		if (value instanceof Class<?> type) {
			return type.getName();
		}
		if (value instanceof Collection<?> collection) {
			List<Object> list = new ArrayList<>();
			collection.forEach((item) -> list.add(of(item)));
			return list;
		}
		return String.valueOf(value);
	}

}
