package io.dramatiq.message;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * Reads JSON as Python's {@code json.loads} does, into plain values: objects become
 * ordered maps, arrays lists, integers {@link Integer}, {@link Long} or
 * {@link java.math.BigInteger} (the smallest that fits). Other numbers become
 * {@link Double} when their text is the one Python writes for that float (bare
 * {@code NaN}, {@code Infinity} and {@code -Infinity} included), so that they re-encode
 * unchanged; numbers written otherwise, such as a {@code BigDecimal}'s {@code 19.90} or
 * {@code 12345678901234567.89}, become an exact {@link BigDecimal}, which re-encodes as
 * the same number and binds to a {@code double} as the float Python reads. Nested lists
 * and maps are unmodifiable.
 * <p>
 * Limits are Python's: integers of at most 4300 digits, nesting at most 1000 deep, and
 * strings and keys of any length.
 */
final class PythonJsonReader {

	/** Python's {@code sys.int_info.default_max_str_digits}: longer integers fail. */
	private static final int MAX_INTEGER_DIGITS = 4300;

	/** Shared and thread-safe; parsers are cheap to create from it. */
	static final JsonFactory FACTORY = JsonFactory.builder()
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.streamReadConstraints(StreamReadConstraints.builder()
			.maxNestingDepth(PythonJsonWriter.MAX_DEPTH)
			.maxNumberLength(MAX_INTEGER_DIGITS)
			.maxStringLength(Integer.MAX_VALUE)
			.maxNameLength(Integer.MAX_VALUE)
			.build())
		.build();

	private PythonJsonReader() {
	}

	/**
	 * Create a parser over a body already checked to be UTF-8.
	 * @param body the bytes
	 * @return the parser
	 */
	static JsonParser parser(byte[] body) {
		return FACTORY.createParser(ObjectReadContext.empty(), body);
	}

	/**
	 * Read the value whose first token is current.
	 * @param parser the parser
	 * @param token the current token
	 * @return the plain value
	 */
	static Object readValue(JsonParser parser, JsonToken token) {
		return readValue(parser, token, true);
	}

	/**
	 * Read the value whose first token is current, from JSON text or from the tokens
	 * Jackson's serializers wrote into a buffer, whose numbers keep their Java type.
	 * @param parser the parser
	 * @param token the current token
	 * @param text whether the parser reads text
	 * @return the plain value
	 */
	static Object readValue(JsonParser parser, JsonToken token, boolean text) {
		switch (token) {
			case VALUE_STRING:
				return parser.getString();
			case VALUE_NUMBER_INT:
				return switch (parser.getNumberType()) {
					case INT -> parser.getIntValue();
					case LONG -> parser.getLongValue();
					default -> parser.getBigIntegerValue();
				};
			case VALUE_NUMBER_FLOAT:
				return text ? readFloatText(parser) : readFloatToken(parser);
			case VALUE_TRUE:
				return Boolean.TRUE;
			case VALUE_FALSE:
				return Boolean.FALSE;
			case VALUE_NULL:
				return null;
			case START_OBJECT:
				return Collections.unmodifiableMap(readObject(parser, text));
			case START_ARRAY:
				return Collections.unmodifiableList(readArray(parser, text));
			default:
				throw new DecodeException("Unexpected JSON token " + token + " in message body.");
		}
	}

	private static Object readFloatText(JsonParser parser) {
		String text = parser.getText();
		double value = parser.getDoubleValue();
		if (!Double.isFinite(value)) {
			// Jackson also takes INF and +Infinity, which Python's json does not
			if (!text.equals(PythonFloats.json(value))) {
				throw new DecodeException("Message body is not valid JSON: '" + text
						+ "' is no number Python reads; it writes NaN, Infinity and -Infinity.");
			}
			return value;
		}
		if (PythonFloats.isSurelyPythonForm(text) || text.equals(PythonFloats.json(value))) {
			return value;
		}
		return new BigDecimal(text);
	}

	private static Object readFloatToken(JsonParser parser) {
		return switch (parser.getNumberType()) {
			case BIG_DECIMAL -> parser.getDecimalValue();
			// the double a Python reader sees for the float's decimal form
			case FLOAT -> Double.parseDouble(Float.toString(parser.getFloatValue()));
			default -> parser.getDoubleValue();
		};
	}

	/**
	 * Read the members of the object whose start is the current token.
	 * @param parser the parser
	 * @return the members, in order
	 */
	static Map<String, Object> readObject(JsonParser parser) {
		return readObject(parser, true);
	}

	private static Map<String, Object> readObject(JsonParser parser, boolean text) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			map.put(name, readValue(parser, parser.nextToken(), text));
		}
		return map;
	}

	/**
	 * Read the items of the array whose start is the current token.
	 * @param parser the parser
	 * @return the items
	 */
	static List<Object> readArray(JsonParser parser) {
		return readArray(parser, true);
	}

	private static List<Object> readArray(JsonParser parser, boolean text) {
		List<Object> list = new ArrayList<>();
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			list.add(readValue(parser, token, text));
		}
		return list;
	}

	/**
	 * Describe a token as a JSON type, for error messages.
	 * @param token the token, or {@code null} at the end of input
	 * @return for example "an array"
	 */
	static String describe(JsonToken token) {
		if (token == null) {
			return "nothing";
		}
		return switch (token) {
			case START_OBJECT -> "an object";
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT -> "an integer";
			case VALUE_NUMBER_FLOAT -> "a float";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> token.toString();
		};
	}

}
