package io.dramatiq.results;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ResultBackend}'s keys, encoding and failures, through
 * {@link StubResultBackend}.
 */
class ResultBackendTests {

	private static final String ID = "4f3c5fb0-5a4e-4c3c-b0a7-5d1e0b6b8d11";

	private static final Duration TTL = Duration.ofMinutes(10);

	private final StubResultBackend backend = new StubResultBackend();

	private static Message message(String queue) {
		return Message.fromWire(queue, "add", List.of(1, 2), Map.of(), Map.of(), ID, 1700000000000L);
	}

	private String stored(Message message) {
		return new String(this.backend.read(this.backend.buildKey(message)), StandardCharsets.UTF_8);
	}

	@Test
	void keyIsMd5OfNamespaceQueueActorAndId() {
		// python3: hashlib.md5(b"dramatiq-results:default:add:" + ID).hexdigest()
		assertThat(this.backend.buildKey(message("default"))).isEqualTo("693f5bac89e32cf9608f555c0b183827");
	}

	@Test
	void keyUsesCanonicalQueue() {
		assertThat(this.backend.buildKey(message("default.DQ"))).isEqualTo(this.backend.buildKey(message("default")));
		assertThat(this.backend.buildKey(message("default.XQ"))).isEqualTo(this.backend.buildKey(message("default")));
	}

	@Test
	void keyIsPlainTextWithNamespacePrefixKeys() {
		StubResultBackend prefixed = new StubResultBackend("ns", true, new JsonMessageEncoder());
		assertThat(prefixed.buildKey(message("default.DQ"))).isEqualTo("ns:default:add:" + ID);
	}

	@Test
	void storedValuesAreCompactPythonJson() {
		Object[][] cases = { { 3, "3" }, { "x", "\"x\"" }, { List.of(1, 2), "[1,2]" }, { null, "null" },
				{ Map.of("x", 1), "{\"x\":1}" } };
		for (Object[] c : cases) {
			Message message = Message.create("default", "add", List.of(), Map.of(), Map.of());
			this.backend.storeResult(message, c[0], TTL);
			assertThat(stored(message)).isEqualTo(c[1]);
			assertThat(this.backend.getResult(message)).isEqualTo(c[0]);
		}
	}

	@Test
	void failureIsStoredAsPythonEnvelopeAndReadAsFailure() {
		Message message = message("default");
		this.backend.storeFailure(message, "ZeroDivisionError", "division by zero", TTL);
		assertThat(stored(message)).isEqualTo(
				"{\"__t\":\"dramatiq.results.Result\",\"exn\":{\"type\":\"ZeroDivisionError\",\"msg\":\"division by zero\"}}");
		assertThatExceptionOfType(ResultFailureException.class).isThrownBy(() -> this.backend.getResult(message))
			.satisfies((ex) -> {
				assertThat(ex.getType()).isEqualTo("ZeroDivisionError");
				assertThat(ex.getText()).isEqualTo("division by zero");
				assertThat(ex).hasMessage("actor raised ZeroDivisionError: division by zero");
			});
		assertThatExceptionOfType(ResultFailureException.class)
			.isThrownBy(() -> this.backend.getResult(message, Duration.ofSeconds(1)));
	}

	@Test
	void missingResultNamesMessageAndActor() {
		assertThatExceptionOfType(ResultMissingException.class).isThrownBy(() -> this.backend.getResult(message("q")))
			.withMessageContaining(ID)
			.withMessageContaining("'add'");
	}

	@Test
	void blockingReadTimesOutNamingActorIdAndTimeout() {
		assertThatExceptionOfType(ResultTimeoutException.class)
			.isThrownBy(() -> this.backend.getResult(message("q"), Duration.ofMillis(50)))
			.withMessageContaining(ID)
			.withMessageContaining("'add'")
			.withMessageContaining("50 ms");
	}

	@Test
	void zeroTimeoutIsNonBlockingReadThatTimesOut() {
		Message message = message("q");
		assertThatExceptionOfType(ResultTimeoutException.class)
			.isThrownBy(() -> this.backend.getResult(message, Duration.ZERO));
		this.backend.storeResult(message, 3, TTL);
		assertThat(this.backend.getResult(message, Duration.ofMillis(-1))).isEqualTo(3);
	}

}
