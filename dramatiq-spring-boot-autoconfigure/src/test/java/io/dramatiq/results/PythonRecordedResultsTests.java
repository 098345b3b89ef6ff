package io.dramatiq.results;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Keys and stored bytes recorded from the real Python Dramatiq 2.2.0
 * ({@code RedisBackend} with its defaults, redis-py 4.3.4):
 * {@code backend.build_message_key(message)} and the list element {@code store_result} /
 * {@code store_exception} wrote. Java must compute the same keys, write the same bytes
 * and read Python's failures.
 */
class PythonRecordedResultsTests {

	private static final String ID = "9b1b4d0c-6d1e-4c1f-8a7e-3c5b2f0d9e41";

	private static final Duration TTL = Duration.ofMinutes(10);

	private final StubResultBackend backend = new StubResultBackend();

	private static Message add(String queue) {
		return Message.fromWire(queue, "add", List.of(1, 2), Map.of(), Map.of(), ID, 1795499175192L);
	}

	@Test
	void keysAreThoseBuiltByPython() {
		assertThat(this.backend.buildKey(add("default"))).isEqualTo("fc92d1d3c717a0a26f5b8bcbeb1d082b");
		assertThat(this.backend.buildKey(add("default.DQ"))).isEqualTo("fc92d1d3c717a0a26f5b8bcbeb1d082b");
		Message sendEmail = Message.fromWire("emails", "send_email", List.of(), Map.of(), Map.of(),
				"0e3f5a2c-1b7d-4e8a-9c6f-5d4b3a2e1f00", 1L);
		assertThat(this.backend.buildKey(sendEmail)).isEqualTo("8fd456a0880bfb97ea25813c2bd25d16");
		JsonMessageEncoder encoder = new JsonMessageEncoder();
		assertThat(new StubResultBackend("{app}-results", false, encoder).buildKey(add("default")))
			.isEqualTo("fa5df9bcc991cf03a0816efbb1c433ff");
		assertThat(new StubResultBackend("dramatiq-results", true, encoder).buildKey(add("default")))
			.isEqualTo("dramatiq-results:default:add:" + ID);
	}

	@Test
	void storedBytesAreThoseWrittenByPython() {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("name", "café");
		object.put("total", 19.9);
		object.put("n", BigInteger.TEN.pow(20));
		assertThat(stored(3)).isEqualTo("3");
		assertThat(stored("x")).isEqualTo("\"x\"");
		assertThat(stored(List.of(1, 2))).isEqualTo("[1,2]");
		assertThat(stored(null)).isEqualTo("null");
		assertThat(stored(object)).isEqualTo("{\"name\":\"caf\\u00e9\",\"total\":19.9,\"n\":100000000000000000000}");
		assertThat(stored(1e16)).isEqualTo("1e+16");
		assertThat(stored(-0.0)).isEqualTo("-0.0");
	}

	@Test
	void storedFailureIsThatWrittenByPython() {
		this.backend.storeFailure(add("default"), "ZeroDivisionError", "division by zero", TTL);
		assertThat(read()).isEqualTo(
				"{\"__t\":\"dramatiq.results.Result\",\"exn\":{\"type\":\"ZeroDivisionError\",\"msg\":\"division by zero\"}}");
		this.backend.storeFailure(add("default"), "Boom", "café \"quoted\"", TTL);
		assertThat(read()).isEqualTo(
				"{\"__t\":\"dramatiq.results.Result\",\"exn\":{\"type\":\"Boom\",\"msg\":\"caf\\u00e9 \\\"quoted\\\"\"}}");
	}

	@Test
	void failureStoredByPythonIsReadAsResultFailure() {
		byte[] python = "{\"__t\":\"dramatiq.results.Result\",\"exn\":{\"type\":\"Boom\",\"msg\":\"caf\\u00e9 \\\"quoted\\\"\"}}"
			.getBytes(StandardCharsets.UTF_8);
		this.backend.put(this.backend.buildKey(add("default")), python, TTL);
		assertThatExceptionOfType(ResultFailureException.class).isThrownBy(() -> this.backend.getResult(add("default")))
			.satisfies((ex) -> {
				assertThat(ex.getType()).isEqualTo("Boom");
				assertThat(ex.getText()).isEqualTo("café \"quoted\"");
				assertThat(ex).hasMessage("actor raised Boom: café \"quoted\"");
			});
	}

	private String stored(Object value) {
		this.backend.storeResult(add("default"), value, TTL);
		return read();
	}

	private String read() {
		return new String(this.backend.read(this.backend.buildKey(add("default"))), StandardCharsets.UTF_8);
	}

}
