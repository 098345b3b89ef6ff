package io.dramatiq.message;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PythonFloats} against what CPython's {@code json.dumps} printed for
 * about 2,800 doubles ({@code python/float-repr.txt}).
 */
class PythonFloatsTests {

	@Test
	void formatsEveryDoubleAsCPythonPrintedIt() throws IOException {
		List<String> mismatches = new ArrayList<>();
		int checked = 0;
		try (InputStream in = getClass().getResourceAsStream("/python/float-repr.txt")) {
			assertThat(in).isNotNull();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (line.startsWith("#") || line.isBlank()) {
					continue;
				}
				int space = line.indexOf(' ');
				double value = Double.longBitsToDouble(Long.parseUnsignedLong(line.substring(0, space), 16));
				String python = line.substring(space + 1);
				String java = PythonFloats.json(value);
				if (!java.equals(python)) {
					mismatches.add(line + " but Java wrote " + java);
				}
				checked++;
			}
		}
		assertThat(checked).isGreaterThan(2000);
		assertThat(mismatches).isEmpty();
	}

	@Test
	void reprUsesPythonNamesForNonFiniteValues() {
		assertThat(PythonFloats.repr(Double.NaN)).isEqualTo("nan");
		assertThat(PythonFloats.repr(Double.POSITIVE_INFINITY)).isEqualTo("inf");
		assertThat(PythonFloats.repr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
		assertThat(PythonFloats.repr(1e-05)).isEqualTo("1e-05");
	}

	@Test
	void textJudgedSurelyPythonsFormIsWhatPythonWritesForItsFloat() {
		// Given decimal texts of every shape: 1 to 20 digits, the point anywhere, a sign
		java.util.Random random = new java.util.Random(42);
		int judgedSure = 0;
		for (int n = 0; n < 200_000; n++) {
			StringBuilder digits = new StringBuilder();
			int count = 1 + random.nextInt(20);
			for (int k = 0; k < count; k++) {
				digits.append((char) ('0' + ((random.nextInt(4) == 0) ? 0 : random.nextInt(10))));
			}
			int point = 1 + random.nextInt(count + 1);
			String text = (random.nextBoolean() ? "-" : "") + digits.substring(0, Math.min(point, count)) + "."
					+ ((point < count) ? digits.substring(point) : "0");
			// I expect every text judged surely Python's form to be exactly what Python
			// writes for the float it reads as
			if (PythonFloats.isSurelyPythonForm(text)) {
				judgedSure++;
				assertThat(PythonFloats.json(Double.parseDouble(text))).as(text).isEqualTo(text);
			}
		}
		assertThat(judgedSure).isGreaterThan(10_000);
		// and the everyday ones to be judged so, the others to be left to the full check
		assertThat(List.of("12.5", "0.1", "-0.0", "0.0", "100.0", "0.0001", "19.99", "3.141592653589", "1.0"))
			.allMatch(PythonFloats::isSurelyPythonForm);
		assertThat(List.of("19.90", "0.00001", "1e-05", "00.5", "1234567890123456.0", "0.30000000000000004", "1.5e+300",
				"NaN", "5.", ".5"))
			.noneMatch(PythonFloats::isSurelyPythonForm);
	}

}
