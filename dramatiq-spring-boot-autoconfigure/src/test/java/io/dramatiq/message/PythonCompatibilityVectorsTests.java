package io.dramatiq.message;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks {@link JsonMessageEncoder} against bytes real Python Dramatiq 2.2 produced
 * ({@code vectors/envelopes.jsonl}): each decodes, re-encodes byte for byte and means
 * what the vector's {@code checks} say.
 */
class PythonCompatibilityVectorsTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final JsonMessageEncoder encoder = new JsonMessageEncoder();

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void reEncodesPythonBytesByteForByte(String name, String python, JsonNode checks) {
		byte[] body = python.getBytes(StandardCharsets.UTF_8);
		Message message = this.encoder.decode(body);
		assertThat(new String(this.encoder.encode(message), StandardCharsets.UTF_8)).isEqualTo(python);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("vectors")
	void decodesWhatPythonMeant(String name, String python, JsonNode checks) {
		Message message = this.encoder.decode(python.getBytes(StandardCharsets.UTF_8));
		for (Map.Entry<String, JsonNode> check : checks.properties()) {
			JsonNode expected = check.getValue();
			switch (check.getKey()) {
				case "args" -> assertThat(message.args()).isEqualTo(plain(expected));
				case "kwargs_keys" -> assertThat(new ArrayList<>(message.kwargs().keySet())).isEqualTo(plain(expected));
				case "args_as_strings" ->
					assertThat(message.args().stream().map(String::valueOf).toList()).isEqualTo(plain(expected));
				case "queue_name" -> assertThat(message.queueName()).isEqualTo(expected.stringValue());
				case "eta" -> assertThat(((Number) message.option("eta")).longValue()).isEqualTo(expected.longValue());
				case "options_key_order" ->
					assertThat(new ArrayList<>(message.options().keySet())).isEqualTo(plain(expected));
				case "note" -> {
				}
				default -> fail("Vector '%s' has a check this test does not know: %s", name, check.getKey());
			}
		}
	}

	static Stream<Arguments> vectors() {
		List<Arguments> vectors = new ArrayList<>();
		try (InputStream in = PythonCompatibilityVectorsTests.class.getResourceAsStream("/vectors/envelopes.jsonl")) {
			assertThat(in).as("vectors/envelopes.jsonl on the test classpath").isNotNull();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isBlank()) {
					JsonNode vector = mapper.readTree(line);
					vectors.add(Arguments.of(vector.get("name").stringValue(), vector.get("python").stringValue(),
							vector.get("checks")));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		assertThat(vectors).hasSizeGreaterThanOrEqualTo(15);
		return vectors.stream();
	}

	private Object plain(JsonNode node) {
		return this.encoder.decodeValue(mapper.writeValueAsBytes(node));
	}

}
