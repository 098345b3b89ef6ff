package io.dramatiq.message;

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
 * {@code -Infinity}; a {@code BigDecimal} as its exact number text.
 * <p>
 * Decoding accepts every body Python's {@code Message.decode} accepts and its worker can
 * run, and keeps its values as given, so that the message re-encodes as Python would
 * re-encode it: whatever {@code json.loads} reads (raw UTF-8, duplicate keys, the last
 * winning, integers of up to 4300 digits), a {@code message_id} and a
 * {@code message_timestamp} of any JSON type (a float or ISO-8601 timestamp, a numeric
 * id), or none (a new id and the current time, at every decode), and {@code args} given
 * as a string or object, which Python turns into their characters or keys. It rejects,
 * with the reason, what Python rejects: a byte order mark, invalid UTF-8 or JSON, a body
 * that is not an object, an unknown top-level key, a missing required key, {@code args}
 * that cannot be iterated; and what Python decodes but can never run: a
 * {@code queue_name} or {@code actor_name} that is not a string, {@code kwargs} or
 * {@code options} that are not objects.
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
			Object id = message.messageIdValue();
			if (id instanceof String text) {
				writer.writeString(text);
			}
			else {
				writer.writeValue(id, "message_id");
			}
			writer.writeRaw(MESSAGE_TIMESTAMP);
			Object timestamp = message.messageTimestampValue();
			if (timestamp instanceof Long millis) {
				writer.writeLong(millis);
			}
			else {
				writer.writeValue(timestamp, "message_timestamp");
			}
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
	@Override
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
		checkNoByteOrderMark(body);
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
	@Override
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

	/**
	 * Read a single value from tokens Jackson wrote, for example into a
	 * {@code TokenBuffer}, into plain values. Unlike JSON text, tokens keep each number's
	 * Java type: a {@link java.math.BigDecimal} stays exact and a double stays a
	 * {@link Double}.
	 * @param tokens a parser over the tokens, before the value's first token
	 * @return the value
	 * @throws DecodeException if the tokens hold something other than JSON values, such
	 * as binary data
	 */
	public Object decodeValue(JsonParser tokens) {
		Objects.requireNonNull(tokens, "'tokens' must not be null");
		try (tokens) {
			JsonToken first = tokens.nextToken();
			if (first == null) {
				throw new DecodeException("No tokens: expected a JSON value.");
			}
			return PythonJsonReader.readValue(tokens, first, false);
		}
		catch (JacksonException ex) {
			throw new DecodeException("Tokens cannot be read: " + ex.getOriginalMessage(), ex);
		}
	}

	private static void checkUtf8(byte[] body) {
		int invalid = Utf8.firstInvalid(body);
		if (invalid >= 0) {
			throw new DecodeException("Message body is not valid UTF-8: byte 0x"
					+ Integer.toHexString(body[invalid] & 0xff) + " at offset " + invalid + ".");
		}
	}

	private static void checkNoByteOrderMark(byte[] body) {
		// Jackson skips it; Python's json.loads rejects it
		if (body.length >= 3 && body[0] == (byte) 0xef && body[1] == (byte) 0xbb && body[2] == (byte) 0xbf) {
			throw new DecodeException("Message body starts with a UTF-8 byte order mark, which Python Dramatiq "
					+ "rejects too. Write UTF-8 without one.");
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
		return EnvelopeReader.read(parser);
	}

}
