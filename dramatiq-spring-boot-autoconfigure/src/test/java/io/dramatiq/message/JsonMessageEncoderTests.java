package io.dramatiq.message;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JsonMessageEncoder}: the bytes must be Python Dramatiq's (spec 1.2,
 * checklist C1 to C7).
 */
class JsonMessageEncoderTests {

	private static final String ID = "6ff853a6-73d8-48ea-ac88-ff4e061adcc4";

	private static final long TIMESTAMP = 1795499148828L;

	private final JsonMessageEncoder encoder = new JsonMessageEncoder();

	@Test
	void encodesAddOnRabbitmqByteForByteAsPythonDoes() {
		Message message = new Message("default", "add", List.of(1, 2), Map.of(), Map.of(),
				"6ff853a6-73d8-48ea-ac88-ff4e061adcc4", 1795499148828L);
		assertThat(encode(message)).isEqualTo("{\"queue_name\":\"default\",\"actor_name\":\"add\",\"args\":[1,2],"
				+ "\"kwargs\":{},\"options\":{},\"message_id\":\"6ff853a6-73d8-48ea-ac88-ff4e061adcc4\","
				+ "\"message_timestamp\":1795499148828}");
	}

	@Test
	void encodesAddOnRedisByteForByteAsPythonDoes() {
		Message message = new Message("default", "add", List.of(1, 2), Map.of(),
				Map.of("redis_message_id", "e5ad1c46-7cb7-4f2f-92d7-3845660df3c3"),
				"34ac23d6-b382-4228-bdf0-9e1d17bd58e9", 1795499112473L);
		assertThat(encode(message)).isEqualTo("{\"queue_name\":\"default\",\"actor_name\":\"add\",\"args\":[1,2],"
				+ "\"kwargs\":{},\"options\":{\"redis_message_id\":\"e5ad1c46-7cb7-4f2f-92d7-3845660df3c3\"},"
				+ "\"message_id\":\"34ac23d6-b382-4228-bdf0-9e1d17bd58e9\",\"message_timestamp\":1795499112473}");
	}

	@Test
	void escapesNonAsciiCharactersAsLowercaseHexWithSurrogatePairs() {
		assertThat(encodeArg("é€😀")).isEqualTo("\"\\u00e9\\u20ac\\ud83d\\ude00\"");
	}

	@Test
	void escapesControlCharactersAndDeleteAsPythonDoes() {
		assertThat(encodeArg("\u0000\u0001\u001f\u007f")).isEqualTo("\"\\u0000\\u0001\\u001f\\u007f\"");
		assertThat(encodeArg("\b\f\n\r\t")).isEqualTo("\"\\b\\f\\n\\r\\t\"");
		assertThat(encodeArg("\u000b")).isEqualTo("\"\\u000b\"");
	}

	@Test
	void escapesLineAndParagraphSeparators() {
		assertThat(encodeArg("\u2028\u2029")).isEqualTo("\"\\u2028\\u2029\"");
	}

	@Test
	void escapesQuotesAndBackslashesButNotSlashes() {
		assertThat(encodeArg("say \"hi\" \\ a/b")).isEqualTo("\"say \\\"hi\\\" \\\\ a/b\"");
	}

	@Test
	void escapesLoneSurrogatesOneByOne() {
		assertThat(encodeArg("\ud800x\udfff")).isEqualTo("\"\\ud800x\\udfff\"");
	}

	@Test
	void escapesNonAsciiKeysAndOptionValues() {
		Message message = fixed(List.of(), Map.of("clé", "ü"), Map.of("x€", "ñ"));
		assertThat(encode(message)).contains("\"kwargs\":{\"cl\\u00e9\":\"\\u00fc\"}")
			.contains("\"options\":{\"x\\u20ac\":\"\\u00f1\"}");
	}

	@Test
	void outputIsPureAscii() {
		byte[] body = this.encoder.encode(fixed(List.of("é€😀\u0000\u007f\u2028"), Map.of(), Map.of()));
		for (byte b : body) {
			assertThat(b).isBetween((byte) 0x20, (byte) 0x7e);
		}
	}

	@Test
	void writesFloatsInPythonReprForm() {
		assertThat(encodeArg(1.0)).isEqualTo("1.0");
		assertThat(encodeArg(0.1)).isEqualTo("0.1");
		assertThat(encodeArg(-0.0)).isEqualTo("-0.0");
		assertThat(encodeArg(0.0)).isEqualTo("0.0");
		assertThat(encodeArg(1e-05)).isEqualTo("1e-05");
		assertThat(encodeArg(0.0001)).isEqualTo("0.0001");
		assertThat(encodeArg(1e16)).isEqualTo("1e+16");
		assertThat(encodeArg(1e15)).isEqualTo("1000000000000000.0");
		assertThat(encodeArg(1e22)).isEqualTo("1e+22");
		assertThat(encodeArg(123456789.123)).isEqualTo("123456789.123");
		assertThat(encodeArg(1.5e300)).isEqualTo("1.5e+300");
		assertThat(encodeArg(2.5)).isEqualTo("2.5");
		assertThat(encodeArg(0.30000000000000004)).isEqualTo("0.30000000000000004");
		assertThat(encodeArg(-1234.5)).isEqualTo("-1234.5");
		assertThat(encodeArg(Double.MAX_VALUE)).isEqualTo("1.7976931348623157e+308");
	}

	@Test
	void writesShortestDigitsWhereJava17DoubleToStringIsLonger() {
		// Java 17 prints 4.9E-324, 8.409999999999999E21, 1.9999999999999998E23 and
		// 9.999999999999999E22 for these
		assertThat(encodeArg(Double.MIN_VALUE)).isEqualTo("5e-324");
		assertThat(encodeArg(8.41e21)).isEqualTo("8.41e+21");
		assertThat(encodeArg(2e23)).isEqualTo("2e+23");
		assertThat(encodeArg(1e23)).isEqualTo("1e+23");
		assertThat(encodeArg(1.5e-323)).isEqualTo("1.5e-323");
	}

	@Test
	void writesNonFiniteFloatsAsBareTokens() {
		assertThat(encodeArg(Double.NaN)).isEqualTo("NaN");
		assertThat(encodeArg(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
		assertThat(encodeArg(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
	}

	@Test
	void writesFloatsAsTheFloatPythonWouldRead() {
		assertThat(encodeArg(0.1f)).isEqualTo("0.1");
	}

	@Test
	void writesBigDecimalsAsTheirExactNumberText() {
		assertThat(encodeArg(new BigDecimal("12345678901234567.89"))).isEqualTo("12345678901234567.89");
		assertThat(encodeArg(new BigDecimal("19.90"))).isEqualTo("19.90");
		assertThat(encodeArg(new BigDecimal("2.50"))).isEqualTo("2.50");
		assertThat(encodeArg(new BigDecimal("5"))).isEqualTo("5");
		assertThat(encodeArg(new BigDecimal("-1E+3"))).isEqualTo("-1E+3");
		assertThat(encodeArg(new BigDecimal("0.0000001"))).isEqualTo("1E-7");
	}

	@Test
	void decodesNumbersWrittenOtherThanPythonWritesFloatsAsExactBigDecimals() {
		// Given numbers a Java producer wrote from BigDecimals, beside Python floats
		String body = envelopeWithArgs("[12345678901234567.89,19.90,1E+3,0.1,1e-05,-0.0]");
		Message message = decode(body);
		// I expect the first three exact, Python's floats as doubles, and the bytes kept
		assertThat(message.args()).containsExactly(new BigDecimal("12345678901234567.89"), new BigDecimal("19.90"),
				new BigDecimal("1E+3"), 0.1, 1e-05, -0.0);
		assertThat(encode(message)).isEqualTo(body);
	}

	@Test
	void writesIntegersOfEverySizeExactly() {
		assertThat(encodeArg(new BigInteger("1180591620717411303424"))).isEqualTo("1180591620717411303424");
		assertThat(encodeArg(Long.MIN_VALUE)).isEqualTo("-9223372036854775808");
		assertThat(encodeArg(Long.MAX_VALUE)).isEqualTo("9223372036854775807");
		assertThat(encodeArg(-1)).isEqualTo("-1");
		assertThat(encodeArg(0)).isEqualTo("0");
		assertThat(encodeArg((short) 7)).isEqualTo("7");
		assertThat(encodeArg((byte) -7)).isEqualTo("-7");
	}

	@Test
	void writesNestedValuesCompactlyInInsertionOrder() {
		Map<String, Object> user = new LinkedHashMap<>();
		user.put("id", 7);
		user.put("tags", List.of("a", "b"));
		user.put("active", true);
		user.put("nick", null);
		Message message = fixed(Arrays.asList("x", null, false), Map.of("user", user), Map.of());
		assertThat(encode(message)).contains("\"args\":[\"x\",null,false],"
				+ "\"kwargs\":{\"user\":{\"id\":7,\"tags\":[\"a\",\"b\"],\"active\":true,\"nick\":null}}");
	}

	@Test
	void decodesRawUtf8AndUnicodeEscapesToTheSameStrings() {
		String escaped = envelopeWithArgs("[\"\\u00e9\\u20ac\\ud83d\\ude00\"]");
		String raw = envelopeWithArgs("[\"é€😀\"]");
		assertThat(decode(escaped).args()).containsExactly("é€😀");
		assertThat(decode(raw).args()).containsExactly("é€😀");
	}

	@Test
	void decodesNonFiniteNumbers() {
		Message message = decode(envelopeWithArgs("[NaN,Infinity,-Infinity]"));
		assertThat(message.args()).containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
	}

	@Test
	void decodesASeventyBitIntegerWithoutPrecisionLoss() {
		Message message = decode(envelopeWithArgs("[1180591620717411303424]"));
		assertThat(message.args()).containsExactly(BigInteger.TWO.pow(70));
	}

	@Test
	void decodesIntegersAsTheSmallestJavaTypeThatFits() {
		Message message = decode(envelopeWithArgs("[1,-2147483649,9223372036854775808]"));
		assertThat(message.args().get(0)).isEqualTo(1);
		assertThat(message.args().get(1)).isEqualTo(-2147483649L);
		assertThat(message.args().get(2)).isEqualTo(new BigInteger("9223372036854775808"));
	}

	@Test
	void decodesFloatsAsDoublesThatEncodeBackUnchanged() {
		String body = envelopeWithArgs("[1e-05,-0.0,1.0,1e+16,5e-324]");
		Message message = decode(body);
		assertThat(message.args()).containsExactly(1e-05, -0.0, 1.0, 1e16, Double.MIN_VALUE);
		assertThat(encode(message)).isEqualTo(body);
	}

	@Test
	void decodesNestedValuesInOrderAsUnmodifiableCollections() {
		Message message = decode(envelopeWithArgs("[{\"b\":1,\"a\":[true,null]}]"));
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) message.args().get(0);
		assertThat(map).containsExactly(Map.entry("b", 1), Map.entry("a", Arrays.asList(true, null)));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> map.put("c", 2));
	}

	@Test
	void decodesEnvelopeKeysInAnyOrder() {
		Message message = decode("{\"message_timestamp\":5,\"options\":{},\"kwargs\":{},\"args\":[],"
				+ "\"actor_name\":\"a\",\"message_id\":\"m\",\"queue_name\":\"q\"}");
		assertThat(message).isEqualTo(new Message("q", "a", List.of(), Map.of(), Map.of(), "m", 5));
	}

	@Test
	void encodedEnvelopeHasExactlyTheSevenKeysInPythonOrder() {
		Message message = Message.create("default", "add", List.of(1), Map.of("x", 2), Map.of("eta", 3));
		Object decoded = this.encoder.decodeValue(this.encoder.encode(message));
		assertThat(decoded).isInstanceOf(Map.class);
		assertThat(new ArrayList<Object>(((Map<?, ?>) decoded).keySet())).containsExactly("queue_name", "actor_name",
				"args", "kwargs", "options", "message_id", "message_timestamp");
	}

	@Test
	void createdMessagesHaveLowercaseUuid4IdsAndEpochMillisecondTimestamps() {
		long before = System.currentTimeMillis();
		Message message = Message.create("default", "add", List.of(), Map.of(), Map.of());
		long after = System.currentTimeMillis();
		assertThat(message.messageId()).hasSize(36)
			.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		assertThat(message.messageTimestamp()).isBetween(before, after);
		assertThat(Message.create("default", "add", List.of(), Map.of(), Map.of()).messageId())
			.isNotEqualTo(message.messageId());
	}

	@Test
	void decodingWithoutIdAndTimestampGeneratesThemAsPythonDoes() {
		long before = System.currentTimeMillis();
		Message message = decode(
				"{\"queue_name\":\"default\",\"actor_name\":\"add\",\"args\":[1,2],\"kwargs\":{},\"options\":{}}");
		assertThat(message.messageId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
		assertThat(message.messageTimestamp()).isBetween(before, System.currentTimeMillis());
		assertThat(message.args()).containsExactly(1, 2);
	}

	@Test
	void decodingNullIdAndTimestampKeepsThemAsPythonDoes() {
		String body = "{\"queue_name\":\"q\",\"actor_name\":\"a\",\"args\":[],\"kwargs\":{},"
				+ "\"options\":{},\"message_id\":null,\"message_timestamp\":null}";
		Message message = decode(body);
		assertThat(message.messageIdValue()).isNull();
		assertThat(message.messageId()).isEqualTo("null");
		assertThat(message.messageTimestampValue()).isNull();
		assertThat(message.messageTimestampMillis()).isEmpty();
		assertThat(message.messageTimestamp()).isPositive();
		assertThat(encode(message)).isEqualTo(body);
	}

	@Test
	void decodesAnIntegralFloatTimestamp() {
		Message message = decode("{\"queue_name\":\"q\",\"actor_name\":\"a\",\"args\":[],\"kwargs\":{},"
				+ "\"options\":{},\"message_id\":\"m\",\"message_timestamp\":1795499148828.0}");
		assertThat(message.messageTimestamp()).isEqualTo(1795499148828L);
	}

	@Test
	void unknownOptionKeysSurviveCopiesInPlace() {
		// Given a Python message with a user option Dramatiq does not know
		String python = "{\"queue_name\":\"default\",\"actor_name\":\"add\",\"args\":[1],\"kwargs\":{},"
				+ "\"options\":{\"x_custom\":{\"a\":[1]},\"redis_message_id\":\"r1\"},\"message_id\":\"" + ID
				+ "\",\"message_timestamp\":" + TIMESTAMP + "}";
		Message message = decode(python);
		// When Java retries it through the delay queue and later moves it back
		Message retried = message.withOptions(Map.of("redis_message_id", "r2"))
			.withOption("retries", 1)
			.withOption("eta", 1795499158828L)
			.withQueueName("default.DQ");
		Message moved = retried.withoutOption("eta").withQueueName("default");
		// I expect the unknown option unchanged and in its place, and the original
		// untouched
		assertThat(encode(retried)).isEqualTo("{\"queue_name\":\"default.DQ\",\"actor_name\":\"add\",\"args\":[1],"
				+ "\"kwargs\":{},\"options\":{\"x_custom\":{\"a\":[1]},\"redis_message_id\":\"r2\",\"retries\":1,"
				+ "\"eta\":1795499158828},\"message_id\":\"" + ID + "\",\"message_timestamp\":" + TIMESTAMP + "}");
		assertThat(encode(moved)).isEqualTo("{\"queue_name\":\"default\",\"actor_name\":\"add\",\"args\":[1],"
				+ "\"kwargs\":{},\"options\":{\"x_custom\":{\"a\":[1]},\"redis_message_id\":\"r2\",\"retries\":1},"
				+ "\"message_id\":\"" + ID + "\",\"message_timestamp\":" + TIMESTAMP + "}");
		assertThat(encode(message)).isEqualTo(python);
	}

	@Test
	void decodeRejectsInvalidUtf8() {
		assertDecodeFails(bytes(envelopeWithArgs("[\"?\"]"), "?", (byte) 0xff), "not valid UTF-8", "0xff");
		assertDecodeFails(bytes(envelopeWithArgs("[\"?\"]"), "?", (byte) 0xc0, (byte) 0x80), "not valid UTF-8");
		assertDecodeFails(bytes(envelopeWithArgs("[\"?\"]"), "?", (byte) 0xed, (byte) 0xa0, (byte) 0x80),
				"not valid UTF-8");
		assertDecodeFails(bytes(envelopeWithArgs("[\"?\"]"), "?", (byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80),
				"not valid UTF-8");
		assertDecodeFails(new byte[] { '"', (byte) 0xe2, (byte) 0x82 }, "not valid UTF-8", "offset 1");
	}

	@Test
	void decodeRejectsInvalidJson() {
		assertDecodeFails("not json", "not valid JSON");
		assertDecodeFails("{\"queue_name\":\"q\",", "not valid JSON");
		assertDecodeFails("{\"queue_name\":'q'}", "not valid JSON");
		assertDecodeFails(envelopeWithArgs("[1,]"), "not valid JSON");
	}

	@Test
	void decodeRejectsExtraDataAfterTheObject() {
		assertDecodeFails(envelopeWithArgs("[]") + " {}", "extra data");
	}

	@Test
	void decodeRejectsANonObjectTopLevel() {
		assertDecodeFails("[1,2]", "must be a JSON object but is an array");
		assertDecodeFails("42", "must be a JSON object but is an integer");
		assertDecodeFails("", "must be a JSON object but is nothing");
	}

	@Test
	void decodeRejectsAnUnknownTopLevelKeyAsPythonDoes() {
		String body = envelopeWithArgs("[]").replace("{\"queue_name\"", "{\"priority\":1,\"queue_name\"");
		assertDecodeFails(body, "unknown top-level key 'priority'", "belongs in 'options'");
	}

	@Test
	void decodeRejectsMissingRequiredKeys() {
		assertDecodeFails("{\"actor_name\":\"a\",\"args\":[],\"kwargs\":{},\"options\":{}}",
				"missing the required key 'queue_name'");
		assertDecodeFails("{\"queue_name\":\"q\",\"args\":[],\"kwargs\":{},\"options\":{}}",
				"missing the required key 'actor_name'");
		assertDecodeFails("{\"queue_name\":\"q\",\"actor_name\":\"a\",\"kwargs\":{},\"options\":{}}",
				"missing the required key 'args'");
		assertDecodeFails("{\"queue_name\":\"q\",\"actor_name\":\"a\",\"args\":[],\"options\":{}}",
				"missing the required key 'kwargs'");
		assertDecodeFails("{\"queue_name\":\"q\",\"actor_name\":\"a\",\"args\":[],\"kwargs\":{}}",
				"missing the required key 'options'");
		assertDecodeFails("{}", "missing the required keys 'queue_name', 'actor_name', 'args', 'kwargs', 'options'");
	}

	@Test
	void decodeRejectsValuesOfTheWrongType() {
		assertDecodeFails(envelopeWithArgs("5"), "'args' must be an array");
		assertDecodeFails(envelopeWithArgs("[]").replace("\"kwargs\":{}", "\"kwargs\":[]"),
				"'kwargs' must be an object but is an array");
		assertDecodeFails(envelopeWithArgs("[]").replace("\"options\":{}", "\"options\":null"),
				"'options' must be an object but is null");
		assertDecodeFails(envelopeWithArgs("[]").replace("\"queue_name\":\"default\"", "\"queue_name\":1"),
				"'queue_name' must be a string but is an integer");
		assertDecodeFails(envelopeWithArgs("[]").replace("\"actor_name\":\"f\"", "\"actor_name\":null"),
				"'actor_name' must be a string but is null");
	}

	@Test
	void encodeRejectsAnUnsupportedValueNamingItsPath() {
		Message message = fixed(List.of(1, new Thread()), Map.of(), Map.of());
		assertThatExceptionOfType(EncodeException.class).isThrownBy(() -> this.encoder.encode(message))
			.withMessageContaining("Cannot encode args[1]")
			.withMessageContaining("for actor 'f'")
			.withMessageContaining("a java.lang.Thread is not a JSON value")
			.withMessageContaining("or pass an id instead");
	}

	@Test
	void encodeRejectsAnUnsupportedNestedValueNamingItsPath() {
		Map<String, Object> user = Map.of("tags", List.of("a", new Object()));
		Message message = fixed(List.of(), Map.of("user", user), Map.of());
		assertThatExceptionOfType(EncodeException.class).isThrownBy(() -> this.encoder.encode(message))
			.withMessageContaining("Cannot encode kwargs['user']['tags'][1]")
			.withMessageContaining("a java.lang.Object is not a JSON value");
	}

	@Test
	void encodeRejectsNonStringKeys() {
		Message message = fixed(List.of(), Map.of(), Map.of("x", Map.of(1, "one")));
		assertThatExceptionOfType(EncodeException.class).isThrownBy(() -> this.encoder.encode(message))
			.withMessageContaining("Cannot encode options['x']")
			.withMessageContaining("key of type java.lang.Integer");
	}

	@Test
	void encodeRejectsAListThatContainsItself() {
		List<Object> cycle = new ArrayList<>();
		cycle.add(cycle);
		assertThatExceptionOfType(EncodeException.class).isThrownBy(() -> this.encoder.encodeValue(cycle))
			.withMessageContaining("nested more than 1000 levels");
	}

	@Test
	void encodesAndDecodesSingleValues() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("é", List.of(1.5, "x"));
		byte[] body = this.encoder.encodeValue(value);
		assertThat(new String(body, StandardCharsets.US_ASCII)).isEqualTo("{\"\\u00e9\":[1.5,\"x\"]}");
		assertThat(this.encoder.decodeValue(body)).isEqualTo(value);
		assertThat(this.encoder.decodeValue("\"3\"".getBytes(StandardCharsets.US_ASCII))).isEqualTo("3");
	}

	private Message fixed(List<?> args, Map<String, ?> kwargs, Map<String, ?> options) {
		return new Message("default", "f", new ArrayList<>(args), new LinkedHashMap<>(kwargs),
				new LinkedHashMap<>(options), ID, TIMESTAMP);
	}

	private String encode(Message message) {
		return new String(this.encoder.encode(message), StandardCharsets.US_ASCII);
	}

	private String encodeArg(Object value) {
		String body = encode(fixed(Arrays.asList(value), Map.of(), Map.of()));
		String prefix = "\"args\":[";
		int start = body.indexOf(prefix) + prefix.length();
		return body.substring(start, body.indexOf("],\"kwargs\""));
	}

	private Message decode(String body) {
		return this.encoder.decode(body.getBytes(StandardCharsets.UTF_8));
	}

	private static String envelopeWithArgs(String args) {
		return "{\"queue_name\":\"default\",\"actor_name\":\"f\",\"args\":" + args
				+ ",\"kwargs\":{},\"options\":{},\"message_id\":\"" + ID + "\",\"message_timestamp\":" + TIMESTAMP
				+ "}";
	}

	private static byte[] bytes(String text, String placeholder, byte... replacement) {
		byte[] source = text.getBytes(StandardCharsets.UTF_8);
		int at = text.indexOf(placeholder);
		byte[] result = new byte[source.length - 1 + replacement.length];
		System.arraycopy(source, 0, result, 0, at);
		System.arraycopy(replacement, 0, result, at, replacement.length);
		System.arraycopy(source, at + 1, result, at + replacement.length, source.length - at - 1);
		return result;
	}

	private void assertDecodeFails(String body, String... messageParts) {
		assertDecodeFails(body.getBytes(StandardCharsets.UTF_8), messageParts);
	}

	private void assertDecodeFails(byte[] body, String... messageParts) {
		var assertion = assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> this.encoder.decode(body));
		for (String part : messageParts) {
			assertion.withMessageContaining(part);
		}
	}

}
