package io.dramatiq.middleware;

import java.time.Duration;
import java.util.Map;

import io.dramatiq.Durations;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.message.PythonTruth;

/**
 * Reads an option of a message with Python Dramatiq's two precedence rules: "message
 * option if truthy" ({@code message.options.get(k) or actor.options.get(k, default)}) and
 * "message option if present" ({@code message.options.get(k, actor.options.get(k,
 * default))}).
 */
final class Options {

	private Options() {
	}

	/**
	 * Return the actor options of the message's actor.
	 */
	static Map<String, Object> actorOptions(Broker broker, MessageProxy message) {
		return broker.actors().find(message.actorName()).map(ActorDefinition::options).orElse(Map.of());
	}

	/**
	 * The message's value if truthy, else the actor's if present, else the default.
	 */
	static Object truthyFirst(Broker broker, MessageProxy message, String key, Object defaultValue) {
		Object value = message.options().get(key);
		if (isTruthy(value)) {
			return value;
		}
		Map<String, Object> actor = actorOptions(broker, message);
		return actor.containsKey(key) ? actor.get(key) : defaultValue;
	}

	/**
	 * The message's value if present (even {@code null}), else the actor's if present,
	 * else the default.
	 */
	static Object presentFirst(Broker broker, MessageProxy message, String key, Object defaultValue) {
		Map<String, Object> options = message.options();
		if (options.containsKey(key)) {
			return options.get(key);
		}
		Map<String, Object> actor = actorOptions(broker, message);
		return actor.containsKey(key) ? actor.get(key) : defaultValue;
	}

	/**
	 * Python's truthiness, as {@link PythonTruth#isTruthy(Object)}.
	 */
	static boolean isTruthy(Object value) {
		return PythonTruth.isTruthy(value);
	}

	/**
	 * A duration option in milliseconds: a number, a {@link Duration} or text such as
	 * {@code 15s}. Infinity stays infinite.
	 */
	static double millis(Object value) {
		if (value instanceof Double || value instanceof Float) {
			return ((Number) value).doubleValue();
		}
		if (value instanceof CharSequence text && isInfinity(text.toString())) {
			return Double.POSITIVE_INFINITY;
		}
		return Durations.toMillis(value);
	}

	static boolean isInfinity(String text) {
		String trimmed = text.trim();
		return trimmed.equalsIgnoreCase("infinity") || trimmed.equalsIgnoreCase("inf");
	}

	/**
	 * A string option, such as an actor name; {@code null} when not a non-empty string.
	 */
	static String string(Object value) {
		return (value instanceof CharSequence text && !text.isEmpty()) ? text.toString() : null;
	}

}
