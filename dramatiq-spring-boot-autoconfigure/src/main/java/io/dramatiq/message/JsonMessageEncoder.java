package io.dramatiq.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * The default {@link MessageEncoder}: JSON exactly as Python Dramatiq's
 * {@code JSONEncoder} ({@code dramatiq/encoder.py}) writes it with
 * {@code json.dumps(data, separators=(",", ":"))}, so Java and Python messages are byte
 * for byte the same.
 * <p>
 * Encoding writes the seven envelope keys in Python's order, compact, ASCII only (other
 * characters as lowercase {@code \}{@code uXXXX} escapes), floats in Python's
 * {@code repr} form and non-finite floats as bare {@code NaN}, {@code Infinity} and
 * {@code -Infinity}. Decoding accepts whatever Python's {@code json.loads} accepts, raw
 * UTF-8 included, and is as strict about the envelope as Python's {@code Message}: an
 * unknown top-level key or a missing required one is an error, while a missing
 * {@code message_id} or {@code message_timestamp} gets a new id or the current time.
 * <p>
 * Instances are stateless and thread-safe.
 */
public class JsonMessageEncoder implements MessageEncoder {

	private static final byte[] QUEUE_NAME = PythonJsonWriter.ascii("{\"queue_name\":");

	private static final byte[] ACTOR_NAME = PythonJsonWriter.ascii(",\"actor_name\":");

	private static final byte[] ARGS = PythonJsonWriter.ascii(",\"args\":");

	private static final byte[] KWARGS = PythonJsonWriter.ascii(",\"kwargs\":");

	private static final byte[] OPTIONS = PythonJsonWriter.ascii(",\"options\":");

	private static final byte[] MESSAGE_ID = PythonJsonWriter.ascii(",\"message_id\":");

	private static final byte[] MESSAGE_TIMESTAMP = PythonJsonWriter.ascii(",\"message_timestamp\":");

	private static final int INITIAL_CAPACITY = 256;

	@Override
	public byte[] encode(Message message) {
		Objects.requireNonNull(message, "'message' must not be null");
		PythonJsonWriter writer = new PythonJsonWriter(INITIAL_CAPACITY);
		try {
			writer.writeRaw(QUEUE_NAME);
			writer.writeString(message.queueName());
			writer.writeRaw(ACTOR_NAME);
			writer.writeString(message.actorName());
			writer.writeRaw(ARGS);
			writer.writeValue(message.args(), "args");
			writer.writeRaw(KWARGS);
			writer.writeValue(message.kwargs(), "kwargs");
			writer.writeRaw(OPTIONS);
			writer.writeValue(message.options(), "options");
			writer.writeRaw(MESSAGE_ID);
			writer.writeString(message.messageId());
			writer.writeRaw(MESSAGE_TIMESTAMP);
			writer.writeLong(message.messageTimestamp());
			writer.writeByte('}');
		}
		catch (PythonJsonWriter.UnsupportedValueException ex) {
			throw new EncodeException("Cannot encode " + ex.path() + " of message " + message.messageId()
					+ " for actor '" + message.actorName() + "': " + ex.getMessage() + ". " + fix());
		}
		return writer.toByteArray();
	}

	/**
	 * Encode a single plain JSON value the way Python's {@code json.dumps} does with
	 * compact separators, for example a result stored by a results backend.
	 * @param value a plain JSON value (see {@link Message})
	 * @return the UTF-8 (in fact ASCII) bytes
	 * @throws EncodeException if the value, or something inside it, is not a plain JSON
	 * value
	 */
	public byte[] encodeValue(Object value) {
		PythonJsonWriter writer = new PythonJsonWriter(64);
		try {
			writer.writeValue(value, "value");
		}
		catch (PythonJsonWriter.UnsupportedValueException ex) {
			throw new EncodeException("Cannot encode " + ex.path() + ": " + ex.getMessage() + ". " + fix());
		}
		return writer.toByteArray();
	}

	private static String fix() {
		return "Use null, Boolean, String, Integer, Long, BigInteger, Double, a List or a Map with String keys "
				+ "of those; convert other objects first (ArgumentEncoder does it for records and POJOs) "
				+ "or pass an id instead.";
	}

	@Override
	public Message decode(byte[] body) {
		Objects.requireNonNull(body, "'body' must not be null");
		checkUtf8(body);
		try (JsonParser parser = PythonJsonReader.parser(body)) {
			JsonToken first = parser.nextToken();
			if (first != JsonToken.START_OBJECT) {
				throw new DecodeException(
						"Message body must be a JSON object but is " + PythonJsonReader.describe(first) + ".");
			}
			Message message = readEnvelope(parser);
			checkEnd(parser);
			return message;
		}
		catch (JacksonException ex) {
			throw new DecodeException("Message body is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Decode a single JSON value as Python's {@code json.loads} does, into plain values.
	 * @param body UTF-8 JSON
	 * @return the value
	 * @throws DecodeException if the body is not valid UTF-8 or JSON
	 */
	public Object decodeValue(byte[] body) {
		Objects.requireNonNull(body, "'body' must not be null");
		checkUtf8(body);
		try (JsonParser parser = PythonJsonReader.parser(body)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new DecodeException("Body is empty: expected a JSON value.");
			}
			Object value = PythonJsonReader.readValue(parser, first);
			checkEnd(parser);
			return value;
		}
		catch (JacksonException ex) {
			throw new DecodeException("Body is not valid JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	private static void checkUtf8(byte[] body) {
		int invalid = Utf8.firstInvalid(body);
		if (invalid >= 0) {
			throw new DecodeException("Message body is not valid UTF-8: byte 0x"
					+ Integer.toHexString(body[invalid] & 0xff) + " at offset " + invalid + ".");
		}
	}

	private static void checkEnd(JsonParser parser) {
		JsonToken extra = parser.nextToken();
		if (extra != null) {
			throw new DecodeException(
					"Message body has extra data after the JSON value: " + PythonJsonReader.describe(extra) + ".");
		}
	}

	private static Message readEnvelope(JsonParser parser) {
		Envelope envelope = new Envelope();
		for (String key = parser.nextName(); key != null; key = parser.nextName()) {
			JsonToken token = parser.nextToken();
			switch (key) {
				case "queue_name" -> envelope.queueName = readString(parser, token, key);
				case "actor_name" -> envelope.actorName = readString(parser, token, key);
				case "args" -> envelope.args = readArgs(parser, token);
				case "kwargs" -> envelope.kwargs = readObject(parser, token, key);
				case "options" -> envelope.options = readObject(parser, token, key);
				case "message_id" -> envelope.messageId = readMessageId(parser, token);
				case "message_timestamp" -> envelope.messageTimestamp = readTimestamp(parser, token);
				default -> throw new DecodeException("Message has an unknown top-level key '" + key
						+ "'. Python Dramatiq rejects such messages too; extra data belongs in 'options'.");
			}
		}
		return envelope.toMessage();
	}

	private static String readString(JsonParser parser, JsonToken token, String key) {
		if (token != JsonToken.VALUE_STRING) {
			throw wrongType(key, "a string", token);
		}
		return parser.getString();
	}

	private static List<Object> readArgs(JsonParser parser, JsonToken token) {
		if (token != JsonToken.START_ARRAY) {
			throw wrongType("args", "an array", token);
		}
		return PythonJsonReader.readArray(parser);
	}

	private static Map<String, Object> readObject(JsonParser parser, JsonToken token, String key) {
		if (token != JsonToken.START_OBJECT) {
			throw wrongType(key, "an object", token);
		}
		return PythonJsonReader.readObject(parser);
	}

	private static String readMessageId(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		return readString(parser, token, "message_id");
	}

	private static Long readTimestamp(JsonParser parser, JsonToken token) {
		if (token == JsonToken.VALUE_NULL) {
			return null;
		}
		if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
			return parser.getLongValue();
		}
		if (token == JsonToken.VALUE_NUMBER_FLOAT) {
			double value = parser.getDoubleValue();
			if (value == Math.rint(value) && Math.abs(value) < 0x1p63) {
				return (long) value;
			}
		}
		throw wrongType("message_timestamp", "an integer number of epoch milliseconds", token);
	}

	private static DecodeException wrongType(String key, String expected, JsonToken token) {
		return new DecodeException(
				"Message key '" + key + "' must be " + expected + " but is " + PythonJsonReader.describe(token) + ".");
	}

	/**
	 * The envelope's fields while they are read, in any order.
	 */
	private static final class Envelope {

		String queueName;

		String actorName;

		List<Object> args;

		Map<String, Object> kwargs;

		Map<String, Object> options;

		String messageId;

		Long messageTimestamp;

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
			// Python generates both when absent (dramatiq/message.py), at every decode
			String id = (this.messageId != null) ? this.messageId : Message.newMessageId();
			long timestamp = (this.messageTimestamp != null) ? this.messageTimestamp : System.currentTimeMillis();
			return new Message(this.queueName, this.actorName, this.args, this.kwargs, this.options, id, timestamp);
		}

		private static void addIfMissing(List<String> missing, Object value, String key) {
			if (value == null) {
				missing.add("'" + key + "'");
			}
		}

	}

}
