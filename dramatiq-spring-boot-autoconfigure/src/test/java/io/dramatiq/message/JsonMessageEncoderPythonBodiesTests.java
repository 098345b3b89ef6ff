package io.dramatiq.message;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JsonMessageEncoder} against bodies other producers send: every body
 * Python Dramatiq's {@code Message.decode} accepts (and its worker can run) decodes,
 * keeps its values as given and re-encodes as Python would re-encode it; what Python
 * cannot decode or run is rejected with a reason.
 */
class JsonMessageEncoderPythonBodiesTests {

	private static final String HEAD = "{\"queue_name\":\"default\",\"actor_name\":\"f\",";

	private static final String ID = "6ff853a6-73d8-48ea-ac88-ff4e061adcc4";

	private final JsonMessageEncoder encoder = new JsonMessageEncoder();

	static Stream<Arguments> acceptedBodies() {
		return Stream.of(
				accepted("a float timestamp is kept", body("[1]", "\"" + ID + "\"", "1795499148828.5"), null,
						(m) -> assertThat(m.messageTimestamp()).isEqualTo(1795499148828L)),
				accepted("an ISO-8601 timestamp is kept and read as a time",
						body("[1]", "\"" + ID + "\"", "\"2026-08-13T10:00:00.250Z\""), null,
						(m) -> assertThat(m.messageTimestamp()).isEqualTo(1786615200250L)),
				accepted("a timestamp in seconds is kept as milliseconds, as Python reads it",
						body("[1]", "\"" + ID + "\"", "1795499148.828"), null,
						(m) -> assertThat(m.messageTimestamp()).isEqualTo(1795499148L)),
				accepted("a null timestamp is kept", body("[1]", "\"" + ID + "\"", "null"), null,
						(m) -> assertThat(m.messageTimestamp()).isPositive()),
				accepted("a timestamp that is not a time is kept", body("[1]", "\"" + ID + "\"", "\"yesterday\""), null,
						(m) -> assertThat(m.messageTimestamp()).isPositive()),
				accepted("a numeric message id is kept", body("[1]", "42", "5"), null,
						(m) -> assertThat(m.messageId()).isEqualTo("42")),
				accepted("a null message id is kept", body("[1]", "null", "5"), null,
						(m) -> assertThat(m.messageId()).isEqualTo("null")),
				accepted("an object message id is kept", body("[1]", "{\"k\":[1,2.5]}", "5"), null,
						(m) -> assertThat(m.messageId()).isEqualTo("{\"k\":[1,2.5]}")),
				accepted("args given as a string are its characters, as Python's tuple() makes them",
						body("\"a\\u00e9\\ud83d\\ude00\"", "\"" + ID + "\"", "5"),
						body("[\"a\",\"\\u00e9\",\"\\ud83d\\ude00\"]", "\"" + ID + "\"", "5"),
						(m) -> assertThat(m.args()).containsExactly("a", "\u00e9", "\uD83D\uDE00")),
				accepted("args given as an object are its keys, as Python's tuple() makes them",
						body("{\"x\":1,\"y\":2}", "\"" + ID + "\"", "5"), body("[\"x\",\"y\"]", "\"" + ID + "\"", "5"),
						(m) -> assertThat(m.args()).containsExactly("x", "y")),
				accepted("the last of duplicate keys wins, as in Python's json",
						HEAD + "\"args\":5,\"kwargs\":{},\"options\":{},\"args\":[1],\"message_id\":\"" + ID
								+ "\",\"message_timestamp\":5}",
						body("[1]", "\"" + ID + "\"", "5"), (m) -> assertThat(m.args()).containsExactly(1)),
				accepted("whitespace around and inside is allowed",
						" \n{ \"queue_name\" : \"default\" , \"actor_name\":\"f\",\"args\":[ 1 ],\"kwargs\":{},"
								+ "\"options\":{},\"message_id\":\"" + ID + "\",\"message_timestamp\":5 }\r\n\t",
						body("[1]", "\"" + ID + "\"", "5"), (m) -> assertThat(m.args()).containsExactly(1)),
				accepted("an integer of 4300 digits, Python's longest",
						body("[1" + "0".repeat(4299) + "]", "\"" + ID + "\"", "5"), null,
						(m) -> assertThat(m.args().get(0)).hasToString("1" + "0".repeat(4299))),
				accepted("a key longer than Jackson's default limit",
						HEAD + "\"args\":[],\"kwargs\":{\"" + "k".repeat(60_000)
								+ "\":1},\"options\":{},\"message_id\":\"" + ID + "\",\"message_timestamp\":5}",
						null, (m) -> assertThat(m.kwargs()).hasSize(1)),
				accepted("no message id and no timestamp, which Python generates",
						HEAD + "\"args\":[],\"kwargs\":{},\"options\":{}}",
						HEAD + "\"args\":[],\"kwargs\":{},\"options\":{}",
						(m) -> assertThat(m.messageId()).hasSize(36)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("acceptedBodies")
	void acceptsWhatPythonAcceptsAndKeepsItsValues(String description, String body, String reEncoded,
			Consumer<Message> check) {
		Message message = decode(body);
		check.accept(message);
		String encoded = new String(this.encoder.encode(message), StandardCharsets.US_ASCII);
		if (reEncoded == null) {
			assertThat(encoded).isEqualTo(body);
		}
		else {
			assertThat(encoded).startsWith(reEncoded);
		}
	}

	static Stream<Arguments> rejectedBodies() {
		return Stream.of(rejected("a UTF-8 byte order mark", "\uFEFF" + body("[]", "\"m\"", "5"), "byte order mark"),
				rejected("args that are not iterable", body("5", "\"m\"", "5"),
						"'args' must be an array (or a string or object, which Python iterates) but is an integer"),
				rejected("null args", body("null", "\"m\"", "5"), "'args' must be an array"),
				rejected("kwargs that are not an object",
						HEAD + "\"args\":[],\"kwargs\":[],\"options\":{},\"message_id\":\"m\"}",
						"'kwargs' must be an object but is an array"),
				rejected("options that are not an object",
						HEAD + "\"args\":[],\"kwargs\":{},\"options\":\"x\",\"message_id\":\"m\"}",
						"'options' must be an object but is a string"),
				rejected("a queue name that is not a string",
						"{\"queue_name\":7,\"actor_name\":\"f\",\"args\":[],\"kwargs\":{},\"options\":{}}",
						"'queue_name' must be a string but is an integer"),
				rejected("an actor name that is not a string",
						"{\"queue_name\":\"q\",\"actor_name\":null,\"args\":[],\"kwargs\":{},\"options\":{}}",
						"'actor_name' must be a string but is null"),
				rejected("an unknown top-level key", HEAD + "\"args\":[],\"kwargs\":{},\"options\":{},\"x\":1}",
						"unknown top-level key 'x'"),
				rejected("a missing required key", HEAD + "\"args\":[],\"kwargs\":{}}", "'options'"),
				rejected("an integer longer than Python's 4300 digits",
						body("[1" + "0".repeat(4300) + "]", "\"m\"", "5"), "not valid JSON"),
				rejected("infinity spelled as Python does not", body("[+Infinity]", "\"m\"", "5"), "not valid JSON"),
				rejected("INF", body("[INF]", "\"m\"", "5"), "not valid JSON"),
				rejected("a top-level array", "[1]", "must be a JSON object but is an array"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rejectedBodies")
	void rejectsWhatPythonCannotDecodeOrRunNamingTheReason(String description, String body, String reason) {
		assertThatExceptionOfType(DecodeException.class).isThrownBy(() -> decode(body)).withMessageContaining(reason);
	}

	private Message decode(String body) {
		return this.encoder.decode(body.getBytes(StandardCharsets.UTF_8));
	}

	static String body(String args, String messageId, String timestamp) {
		return HEAD + "\"args\":" + args + ",\"kwargs\":{},\"options\":{},\"message_id\":" + messageId
				+ ",\"message_timestamp\":" + timestamp + "}";
	}

	private static Arguments accepted(String description, String body, String reEncoded, Consumer<Message> check) {
		return Arguments.of(description, body, reEncoded, check);
	}

	private static Arguments rejected(String description, String body, String reason) {
		return Arguments.of(description, body, reason);
	}

}
