package io.dramatiq.message;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.core.util.ByteArrayBuilder;

/**
 * A candidate for {@link PythonJsonWriter}: the envelope written by Jackson's generator,
 * configured for Python's {@code json.dumps} bytes (ASCII only, lowercase escapes, no
 * escaped slashes, U+007F escaped), with {@link PythonFloats} for the float text. Kept in
 * the benchmarks only, to measure it against the hand-written writer
 * ({@code JsonWriterBenchmark}); {@link #main} checks that both give the same bytes.
 */
public final class JacksonEnvelopeWriter {

	private static final JsonFactory FACTORY = JsonFactory.builder()
		.enable(JsonWriteFeature.ESCAPE_NON_ASCII)
		.disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
		.disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
		.disable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
		.characterEscapes(new PythonEscapes())
		.build();

	private JacksonEnvelopeWriter() {
	}

	/**
	 * Jackson's standard escapes plus U+007F, which Python escapes and Jackson does not
	 * (its ASCII table, not the highest unescaped char, decides below U+0080).
	 */
	static final class PythonEscapes extends CharacterEscapes {

		private final int[] ascii;

		PythonEscapes() {
			int[] codes = CharacterEscapes.standardAsciiEscapesForJSON();
			this.ascii = java.util.Arrays.copyOf(codes, 128);
			this.ascii[0x7f] = CharacterEscapes.ESCAPE_STANDARD;
		}

		@Override
		public int[] getEscapeCodesForAscii() {
			return this.ascii;
		}

		@Override
		public SerializableString getEscapeSequence(int ch) {
			return null;
		}

	}

	/**
	 * Encode an envelope as {@link JsonMessageEncoder#encode} does.
	 * @param message the message
	 * @return the bytes
	 */
	public static byte[] encode(Message message) {
		ByteArrayBuilder out = new ByteArrayBuilder(256);
		try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
			generator.writeStartObject();
			generator.writeName("queue_name");
			generator.writeString(message.queueName());
			generator.writeName("actor_name");
			generator.writeString(message.actorName());
			generator.writeName("args");
			writeValue(generator, message.args());
			generator.writeName("kwargs");
			writeValue(generator, message.kwargs());
			generator.writeName("options");
			writeValue(generator, message.options());
			generator.writeName("message_id");
			writeValue(generator, message.messageIdValue());
			generator.writeName("message_timestamp");
			writeValue(generator, message.messageTimestampValue());
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

	private static void writeValue(JsonGenerator generator, Object value) {
		if (value == null) {
			generator.writeNull();
		}
		else if (value instanceof String text) {
			generator.writeString(text);
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			generator.writeNumber(((Number) value).longValue());
		}
		else if (value instanceof Boolean bool) {
			generator.writeBoolean(bool);
		}
		else if (value instanceof Double number) {
			generator.writeNumber(PythonFloats.json(number));
		}
		else if (value instanceof Map<?, ?> map) {
			generator.writeStartObject();
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				generator.writeName((String) entry.getKey());
				writeValue(generator, entry.getValue());
			}
			generator.writeEndObject();
		}
		else if (value instanceof List<?> list) {
			generator.writeStartArray();
			for (Object item : list) {
				writeValue(generator, item);
			}
			generator.writeEndArray();
		}
		else if (value instanceof BigInteger number) {
			generator.writeNumber(number);
		}
		else if (value instanceof Float number) {
			generator.writeNumber(PythonFloats.json(Double.parseDouble(number.toString())));
		}
		else if (value instanceof BigDecimal number) {
			generator.writeNumber(number.toString());
		}
		else {
			throw new IllegalArgumentException("a " + value.getClass().getName() + " is not a JSON value");
		}
	}

	/**
	 * Compare the candidate with {@link JsonMessageEncoder} on the vectors' envelopes and
	 * on random strings; exit with 1 on the first difference.
	 * @param args the path of {@code envelopes.jsonl}
	 * @throws IOException if the vectors cannot be read
	 */
	public static void main(String[] args) throws IOException {
		JsonMessageEncoder encoder = new JsonMessageEncoder();
		tools.jackson.databind.ObjectMapper mapper = new tools.jackson.databind.ObjectMapper();
		int checked = 0;
		for (String line : Files.readAllLines(Path.of(args[0]))) {
			String python = (String) mapper.readValue(line, Map.class).get("python");
			Message message = encoder.decode(python.getBytes(StandardCharsets.UTF_8));
			check(encoder, message, python);
			checked++;
		}
		Random random = new Random(42);
		for (int run = 0; run < 100_000; run++) {
			StringBuilder text = new StringBuilder();
			for (int i = random.nextInt(20); i > 0; i--) {
				text.append((char) (random.nextBoolean() ? random.nextInt(0x100) : random.nextInt(0x10000)));
			}
			Message message = new Message("q", "a", List.of(text.toString(), random.nextDouble() * 1e6, -7L),
					Map.of(text.toString(), List.of(true)), Map.of("retries", 1), "id/" + text, 1L);
			check(encoder, message, null);
			checked++;
		}
		System.out.println("identical bytes for " + checked + " envelopes");
	}

	private static void check(JsonMessageEncoder encoder, Message message, String python) {
		byte[] ours = encoder.encode(message);
		byte[] jackson = encode(message);
		if (!java.util.Arrays.equals(ours, jackson)
				|| (python != null && !new String(ours, StandardCharsets.UTF_8).equals(python))) {
			System.out.println("differ:\n" + new String(ours, StandardCharsets.UTF_8) + "\n"
					+ new String(jackson, StandardCharsets.UTF_8) + "\n" + python);
			System.exit(1);
		}
	}

}
