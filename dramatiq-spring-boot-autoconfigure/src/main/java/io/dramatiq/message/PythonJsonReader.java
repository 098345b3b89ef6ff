package io.dramatiq.message;

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
 * {@link java.math.BigInteger} (the smallest that fits), other numbers {@link Double}
 * (bare {@code NaN}, {@code Infinity} and {@code -Infinity} included). Nested lists and
 * maps are unmodifiable.
 */
final class PythonJsonReader {

	/** Shared and thread-safe; parsers are cheap to create from it. */
	static final JsonFactory FACTORY = JsonFactory.builder()
		.enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
		.streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(PythonJsonWriter.MAX_DEPTH).build())
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
				return parser.getDoubleValue();
			case VALUE_TRUE:
				return Boolean.TRUE;
			case VALUE_FALSE:
				return Boolean.FALSE;
			case VALUE_NULL:
				return null;
			case START_OBJECT:
				return Collections.unmodifiableMap(readObject(parser));
			case START_ARRAY:
				return Collections.unmodifiableList(readArray(parser));
			default:
				throw new DecodeException("Unexpected JSON token " + token + " in message body.");
		}
	}

	/**
	 * Read the members of the object whose start is the current token.
	 * @param parser the parser
	 * @return the members, in order
	 */
	static Map<String, Object> readObject(JsonParser parser) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (String name = parser.nextName(); name != null; name = parser.nextName()) {
			map.put(name, readValue(parser, parser.nextToken()));
		}
		return map;
	}

	/**
	 * Read the items of the array whose start is the current token.
	 * @param parser the parser
	 * @return the items
	 */
	static List<Object> readArray(JsonParser parser) {
		List<Object> list = new ArrayList<>();
		for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
			list.add(readValue(parser, token));
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
