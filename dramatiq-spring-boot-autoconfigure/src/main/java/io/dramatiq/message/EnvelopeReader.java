package io.dramatiq.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a message envelope as Python's {@code Message.decode} builds one from
 * {@code json.loads}'s dictionary: keys in any order, the last of duplicates winning,
 * values kept as given, and the checks Python's decoder and worker make (see
 * {@link JsonMessageEncoder}).
 */
final class EnvelopeReader {

	private EnvelopeReader() {
	}

	/**
	 * Read the members of the envelope object whose start is the current token.
	 * @param parser the parser
	 * @return the message
	 * @throws DecodeException naming what Python would not decode or run
	 */
	static Message read(JsonParser parser) {
		Envelope envelope = new Envelope();
		for (String key = parser.nextName(); key != null; key = parser.nextName()) {
			JsonToken token = parser.nextToken();
			// read each value as it is and judge it at the end: as in Python's json, the
			// last of duplicate keys wins
			Object value = switch (key) {
				case "args", "kwargs", "options" -> readContainer(parser, token);
				case "queue_name", "actor_name", "message_id", "message_timestamp" ->
					new Token(token, PythonJsonReader.readValue(parser, token));
				default -> throw new DecodeException("Message has an unknown top-level key '" + key
						+ "'. Python Dramatiq rejects such messages too; extra data belongs in 'options'.");
			};
			envelope.put(key, value);
		}
		return envelope.toMessage();
	}

	private static Object readContainer(JsonParser parser, JsonToken token) {
		// the lists and maps are ours: the message wraps them without copying
		if (token == JsonToken.START_ARRAY) {
			return PythonJsonReader.readArray(parser);
		}
		if (token == JsonToken.START_OBJECT) {
			return PythonJsonReader.readObject(parser);
		}
		return new Token(token, PythonJsonReader.readValue(parser, token));
	}

	/**
	 * A value that is not a list or map, with the token it was read from, to name its
	 * JSON type in errors.
	 */
	private record Token(JsonToken token, Object value) {

	}

	/**
	 * The envelope's fields while they are read, in any order, as Python's
	 * {@code Message(**fields)} takes them.
	 */
	private static final class Envelope {

		private static final Object MISSING = new Object();

		Object queueName = MISSING;

		Object actorName = MISSING;

		Object args = MISSING;

		Object kwargs = MISSING;

		Object options = MISSING;

		Object messageId = MISSING;

		Object messageTimestamp = MISSING;

		void put(String key, Object value) {
			switch (key) {
				case "queue_name" -> this.queueName = value;
				case "actor_name" -> this.actorName = value;
				case "args" -> this.args = value;
				case "kwargs" -> this.kwargs = value;
				case "options" -> this.options = value;
				case "message_id" -> this.messageId = value;
				default -> this.messageTimestamp = value;
			}
		}

		Message toMessage() {
			List<String> missing = new ArrayList<>(0);
			addIfMissing(missing, this.queueName, "queue_name");
			addIfMissing(missing, this.actorName, "actor_name");
			addIfMissing(missing, this.args, "args");
			addIfMissing(missing, this.kwargs, "kwargs");
			addIfMissing(missing, this.options, "options");
			if (!missing.isEmpty()) {
				throw new DecodeException("Message is missing the required key" + ((missing.size() > 1) ? "s " : " ")
						+ String.join(", ", missing) + ".");
			}
			// Python's worker cannot route a message whose queue is no string, and finds
			// no actor for a name that is no string
			String queue = string(this.queueName, "queue_name");
			String actor = string(this.actorName, "actor_name");
			List<Object> positional = args(this.args);
			// Python's worker could never call the actor with such kwargs, nor read such
			// options
			Map<String, Object> keywords = object(this.kwargs, "kwargs",
					"Python Dramatiq cannot call an actor with them either");
			Map<String, Object> opts = object(this.options, "options",
					"Python Dramatiq's worker cannot process such a message either");
			// Python keeps id and timestamp as given, and generates them at every decode
			// when absent (dramatiq/message.py)
			Object id = (this.messageId == MISSING) ? Message.newMessageId() : ((Token) this.messageId).value();
			Object timestamp = (this.messageTimestamp == MISSING) ? (Object) System.currentTimeMillis()
					: timestamp(((Token) this.messageTimestamp).value());
			return Message.wire(queue, actor, positional, keywords, opts, id, timestamp);
		}

		private static Object timestamp(Object value) {
			// the same digits, held as our producers hold them
			return (value instanceof Integer number) ? (Object) number.longValue() : value;
		}

		private static String string(Object value, String key) {
			if (value instanceof Token token && token.value() instanceof String text) {
				return text;
			}
			throw wrongType(key, "a string", value, "");
		}

		@SuppressWarnings("unchecked")
		private static List<Object> args(Object value) {
			if (value instanceof List<?> list) {
				return (List<Object>) list;
			}
			if (value instanceof Map<?, ?> map) {
				// Python builds the tuple by iterating: an object gives its keys
				return new ArrayList<>(map.keySet());
			}
			if (value instanceof Token token && token.value() instanceof String text) {
				// and a string its characters
				List<Object> characters = new ArrayList<>(text.length());
				text.codePoints().forEach((c) -> characters.add(new String(Character.toChars(c))));
				return characters;
			}
			throw wrongType("args", "an array (or a string or object, which Python iterates)", value,
					" Python Dramatiq cannot decode it either.");
		}

		@SuppressWarnings("unchecked")
		private static Map<String, Object> object(Object value, String key, String consequence) {
			if (value instanceof Map<?, ?> map) {
				return (Map<String, Object>) map;
			}
			throw wrongType(key, "an object", value, " " + consequence + ".");
		}

		private static DecodeException wrongType(String key, String expected, Object value, String consequence) {
			String actual = (value instanceof Token token) ? PythonJsonReader.describe(token.token())
					: (value instanceof List) ? "an array" : "an object";
			return new DecodeException(
					"Message key '" + key + "' must be " + expected + " but is " + actual + "." + consequence);
		}

		private static void addIfMissing(List<String> missing, Object value, String key) {
			if (value == MISSING) {
				missing.add("'" + key + "'");
			}
		}

	}

}
