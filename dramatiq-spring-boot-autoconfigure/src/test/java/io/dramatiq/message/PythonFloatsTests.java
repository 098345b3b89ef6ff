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

}
