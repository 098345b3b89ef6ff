package io.dramatiq.message;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Property tests for {@link JsonMessageEncoder}: any double and any string survive an
 * encode and decode unchanged, and the bytes are always printable ASCII.
 */
class JsonMessageEncoderPropertyTests {

	private static final long MANTISSA_MASK = 0x000f_ffff_ffff_ffffL;

	private final JsonMessageEncoder encoder = new JsonMessageEncoder();

	@Test
	void everyDoubleReadsBackWithTheSameBits() {
		Gen<Double> anyBits = longs().all().map(Double::longBitsToDouble);
		Gen<Double> subnormals = longs().between(1, MANTISSA_MASK).map(Double::longBitsToDouble);
		Gen<Double> largeExponents = longs().between(0x7c00_0000_0000_0000L, 0x7fef_ffff_ffff_ffffL)
			.map(Double::longBitsToDouble);
		Gen<Double> everyday = doubles().between(-1e7, 1e7);
		Gen<Double> values = Generate.oneOf(anyBits, subnormals, largeExponents, everyday, doubles().any());
		qt().withExamples(20_000).forAll(values, longs().between(0, 1)).checkAssert((value, negate) -> {
			double input = (negate == 1) ? -value : value;
			byte[] body = this.encoder.encode(messageWith(input));
			Object decoded = this.encoder.decode(body).args().get(0);
			assertThat(decoded).isInstanceOf(Double.class);
			assertThat(Double.doubleToLongBits((Double) decoded)).as("bits of %s", input)
				.isEqualTo(Double.doubleToLongBits(input));
			assertPrintableAscii(body);
		});
	}

	@Test
	void everyFiniteDoubleIsWrittenAsAPythonFloat() {
		Gen<Double> values = longs().all()
			.map(Double::longBitsToDouble)
			.assuming((value) -> !value.isNaN() && !value.isInfinite());
		qt().withExamples(5_000).forAll(values).checkAssert((value) -> {
			String text = PythonFloats.json(value);
			// Python always shows a '.' or an exponent, so the text never reads back as
			// an int
			assertThat(text).matches("-?[0-9]+\\.[0-9]+|-?[0-9](\\.[0-9]+)?e[-+][0-9]{2,3}");
			assertThat(Double.parseDouble(text)).isEqualTo(value);
		});
	}

	@Test
	void everyStringReadsBackUnchangedFromPrintableAscii() {
		Gen<String> anyCodePoints = strings().allPossible().ofLengthBetween(0, 40);
		Gen<String> supplementary = strings().betweenCodePoints(0x10000, 0x10ffff).ofLengthBetween(1, 10);
		Gen<String> controlsAndEscapes = strings().betweenCodePoints(0, 0x7f).ofLengthBetween(0, 40);
		Gen<String> values = Generate.oneOf(anyCodePoints, supplementary, controlsAndEscapes);
		qt().withExamples(5_000).forAll(values).checkAssert((value) -> {
			byte[] body = this.encoder.encode(messageWith(value));
			assertPrintableAscii(body);
			assertThat(this.encoder.decode(body).args()).containsExactly(value);
		});
	}

	private static Message messageWith(Object arg) {
		return new Message("default", "f", List.of(arg), Map.of(), Map.of(), Message.newMessageId(), 1L);
	}

	private static void assertPrintableAscii(byte[] body) {
		for (int i = 0; i < body.length; i++) {
			if (body[i] < 0x20 || body[i] > 0x7e) {
				throw new AssertionError(
						"Byte " + i + " is not printable ASCII in " + new String(body, StandardCharsets.ISO_8859_1));
			}
		}
	}

}
