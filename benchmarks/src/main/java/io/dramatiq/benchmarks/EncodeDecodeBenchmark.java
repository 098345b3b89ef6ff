package io.dramatiq.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.dramatiq.message.JacksonEnvelopeWriter;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding and decoding of message envelopes with {@link JsonMessageEncoder}, the work
 * done for every message sent and every message received.
 * <p>
 * {@code small}: the specification's Redis example, {@code add(1, 2)} with a
 * {@code redis_message_id} option (about 200 bytes). {@code large}: three positional
 * arguments (a string, a number, a list), four keyword arguments (a nested object among
 * them) and the options a retried message carries (about 600 bytes).
 * <p>
 * Run:
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' org.openjdk.jmh.Main EncodeDecodeBenchmark -wi 2 -i 3 -w 1 -r 1 -f 1}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class EncodeDecodeBenchmark {

	@Param({ "small", "large" })
	public String envelope;

	private final JsonMessageEncoder encoder = new JsonMessageEncoder();

	private Message message;

	private byte[] body;

	@Setup
	public void setUp() {
		this.message = "small".equals(this.envelope) ? small() : large();
		this.body = this.encoder.encode(this.message);
	}

	static Message small() {
		return new Message("default", "add", List.of(1, 2), Map.of(),
				Map.of("redis_message_id", "a4c1c5f0-7d0b-4a3e-9a8e-1f0f2b6f8d21"),
				"6ff853a6-73d8-48ea-ac88-ff4e061adcc4", 1795499148828L);
	}

	static Message large() {
		Map<String, Object> kwargs = new LinkedHashMap<>();
		kwargs.put("user_id", 123456789L);
		kwargs.put("email", "jane.doe@example.com");
		kwargs.put("flags", List.of(true, false, true));
		kwargs.put("address", Map.of("street", "1 Main Street", "city", "Springfield", "zip", "12345"));
		Map<String, Object> options = new LinkedHashMap<>();
		options.put("redis_message_id", "a4c1c5f0-7d0b-4a3e-9a8e-1f0f2b6f8d21");
		options.put("max_retries", 20);
		options.put("retries", 2);
		options.put("eta", 1795499150828L);
		options.put("traceback", "Traceback (most recent call last):\n  ValueError: \u00e9chec");
		return new Message("emails", "send_welcome_email",
				List.of("Welcome, Jane!", 3.25, List.of("a", "b", "c", 1, 2, 3)), kwargs, options,
				"6ff853a6-73d8-48ea-ac88-ff4e061adcc4", 1795499148828L);
	}

	@Benchmark
	public byte[] encode() {
		return this.encoder.encode(this.message);
	}

	/**
	 * The same envelope written by Jackson's generator configured for Python's bytes, the
	 * candidate {@link JacksonEnvelopeWriter} measured against {@link #encode()}.
	 * @return the bytes
	 */
	@Benchmark
	public byte[] encodeWithJackson() {
		return JacksonEnvelopeWriter.encode(this.message);
	}

	@Benchmark
	public Message decode() {
		return this.encoder.decode(this.body);
	}

	@Benchmark
	public Message encodeDecode() {
		return this.encoder.decode(this.encoder.encode(this.message));
	}

}
