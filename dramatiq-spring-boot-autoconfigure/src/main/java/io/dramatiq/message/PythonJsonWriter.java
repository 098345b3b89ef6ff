package io.dramatiq.message;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Writes plain JSON values as the bytes Python's
 * {@code json.dumps(value, separators=(",", ":"))} produces: compact, ASCII only, with
 * lowercase {@code \}{@code uXXXX} escapes, Python's float forms and bare {@code NaN} /
 * {@code Infinity}.
 * <p>
 * One writer builds one document; it is not thread-safe.
 * <p>
 * Why not Jackson's generator: configured for the same bytes (ASCII only, lowercase hex,
 * no escaped slashes, an extra escape for U+007F, {@link PythonFloats} for the float
 * text; {@code JacksonEnvelopeWriter} in the benchmarks, byte-identical on the shared
 * vectors and 100,000 random envelopes) it is slower: {@code EncodeDecodeBenchmark}
 * encodes the typical small envelope in 357 to 384 ns with this writer against 689 to 822
 * ns with Jackson (3 runs), and the large one in 1.5 µs against 2.0 µs (JMH, see
 * docs/benchmarks.md).
 */
final class PythonJsonWriter {

	/** Deepest nesting written, the same limit the reader applies. */
	static final int MAX_DEPTH = 1000;

	private static final byte[] HEX = { '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e',
			'f' };

	private static final byte[] NULL = ascii("null");

	private static final byte[] TRUE = ascii("true");

	private static final byte[] FALSE = ascii("false");

	private byte[] buffer;

	private int length;

	PythonJsonWriter(int capacity) {
		this.buffer = new byte[capacity];
	}

	static byte[] ascii(String text) {
		byte[] bytes = new byte[text.length()];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) text.charAt(i);
		}
		return bytes;
	}

	/**
	 * Return the bytes written so far.
	 * @return a copy of the document
	 */
	byte[] toByteArray() {
		return Arrays.copyOf(this.buffer, this.length);
	}

	void writeRaw(byte[] bytes) {
		ensure(bytes.length);
		System.arraycopy(bytes, 0, this.buffer, this.length, bytes.length);
		this.length += bytes.length;
	}

	void writeByte(char c) {
		ensure(1);
		this.buffer[this.length++] = (byte) c;
	}

	/**
	 * Write a plain JSON value.
	 * @param value null, Boolean, String, Integer, Long, Short, Byte, BigInteger, Double,
	 * Float, BigDecimal (written as its exact number text), a List of those or a Map with
	 * String keys
	 * @param root the name of the value in error messages, such as {@code args}
	 * @throws UnsupportedValueException if the value, or something inside it, is of
	 * another type
	 */
	void writeValue(Object value, String root) {
		try {
			writeValue(value, 0);
		}
		catch (UnsupportedValueException ex) {
			ex.path.addFirst(root);
			throw ex;
		}
	}

	private void writeValue(Object value, int depth) {
		if (value == null) {
			writeRaw(NULL);
		}
		else if (value instanceof String text) {
			writeString(text);
		}
		else if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
			writeLong(((Number) value).longValue());
		}
		else if (value instanceof Boolean bool) {
			writeRaw(bool ? TRUE : FALSE);
		}
		else if (value instanceof Double number) {
			writeAscii(PythonFloats.json(number));
		}
		else if (value instanceof Map<?, ?> map) {
			writeMap(map, depth + 1);
		}
		else if (value instanceof List<?> list) {
			writeList(list, depth + 1);
		}
		else if (value instanceof BigInteger number) {
			writeAscii(number.toString());
		}
		else if (value instanceof Float number) {
			// the double a Python reader sees for the float's decimal form
			writeAscii(PythonFloats.json(Double.parseDouble(number.toString())));
		}
		else if (value instanceof BigDecimal number) {
			// the exact digits and scale; Python reads them as it reads any number
			writeAscii(number.toString());
		}
		else {
			throw new UnsupportedValueException("a " + value.getClass().getName() + " is not a JSON value");
		}
	}

	private void writeMap(Map<?, ?> map, int depth) {
		checkDepth(depth);
		writeByte('{');
		boolean first = true;
		for (Map.Entry<?, ?> entry : map.entrySet()) {
			if (!first) {
				writeByte(',');
			}
			first = false;
			Object key = entry.getKey();
			if (!(key instanceof String name)) {
				String type = (key != null) ? key.getClass().getName() : "null";
				throw new UnsupportedValueException(
						"it has a key of type " + type + ", but JSON object keys must be strings");
			}
			writeString(name);
			writeByte(':');
			try {
				writeValue(entry.getValue(), depth);
			}
			catch (UnsupportedValueException ex) {
				ex.path.addFirst("['" + name + "']");
				throw ex;
			}
		}
		writeByte('}');
	}

	private void writeList(List<?> list, int depth) {
		checkDepth(depth);
		writeByte('[');
		int index = 0;
		for (Object item : list) {
			if (index > 0) {
				writeByte(',');
			}
			try {
				writeValue(item, depth);
			}
			catch (UnsupportedValueException ex) {
				ex.path.addFirst("[" + index + "]");
				throw ex;
			}
			index++;
		}
		writeByte(']');
	}

	private void checkDepth(int depth) {
		if (depth > MAX_DEPTH) {
			throw new UnsupportedValueException(
					"it is nested more than " + MAX_DEPTH + " levels deep; does a list or map contain itself?");
		}
	}

	/**
	 * Write a string as Python's {@code ensure_ascii} encoder does
	 * ({@code Modules/_json.c}): printable ASCII as is, short escapes for {@code "},
	 * {@code \}, backspace, form feed, newline, carriage return and tab, and
	 * {@code \}{@code u} with four lowercase hex digits for every other UTF-16 unit, so
	 * characters above U+FFFF become surrogate pairs.
	 * @param text the string
	 */
	void writeString(String text) {
		int count = text.length();
		ensure(count + 2);
		byte[] out = this.buffer;
		int position = this.length;
		out[position++] = '"';
		for (int i = 0; i < count; i++) {
			char c = text.charAt(i);
			if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
				out[position++] = (byte) c;
				continue;
			}
			// an escape takes at most 6 bytes; the rest may still be plain
			this.length = position;
			ensure(6 + (count - i));
			out = this.buffer;
			out[position++] = '\\';
			switch (c) {
				case '"' -> out[position++] = '"';
				case '\\' -> out[position++] = '\\';
				case '\b' -> out[position++] = 'b';
				case '\f' -> out[position++] = 'f';
				case '\n' -> out[position++] = 'n';
				case '\r' -> out[position++] = 'r';
				case '\t' -> out[position++] = 't';
				default -> {
					out[position++] = 'u';
					out[position++] = HEX[(c >> 12) & 0xf];
					out[position++] = HEX[(c >> 8) & 0xf];
					out[position++] = HEX[(c >> 4) & 0xf];
					out[position++] = HEX[c & 0xf];
				}
			}
		}
		out[position++] = '"';
		this.length = position;
	}

	void writeLong(long value) {
		if (value == Long.MIN_VALUE) {
			writeAscii("-9223372036854775808");
			return;
		}
		ensure(20);
		if (value < 0) {
			this.buffer[this.length++] = '-';
			value = -value;
		}
		int start = this.length;
		do {
			this.buffer[this.length++] = (byte) ('0' + (value % 10));
			value /= 10;
		}
		while (value != 0);
		// digits were written backwards
		for (int i = start, j = this.length - 1; i < j; i++, j--) {
			byte swap = this.buffer[i];
			this.buffer[i] = this.buffer[j];
			this.buffer[j] = swap;
		}
	}

	private void writeAscii(String text) {
		int count = text.length();
		ensure(count);
		for (int i = 0; i < count; i++) {
			this.buffer[this.length++] = (byte) text.charAt(i);
		}
	}

	private void ensure(int extra) {
		int needed = this.length + extra;
		if (needed > this.buffer.length) {
			this.buffer = Arrays.copyOf(this.buffer, Math.max(needed, this.buffer.length * 2));
		}
	}

	/**
	 * Raised when a value has no JSON form; carries the path to it, built while the stack
	 * unwinds. Without a stack trace: it is always turned into an
	 * {@link EncodeException}.
	 */
	static final class UnsupportedValueException extends RuntimeException {

		final Deque<String> path = new ArrayDeque<>();

		UnsupportedValueException(String problem) {
			super(problem, null, false, false);
		}

		/**
		 * Return the path to the value, such as {@code args[1]} or
		 * {@code kwargs['user']['tags'][0]}.
		 * @return the path
		 */
		String path() {
			return String.join("", this.path);
		}

	}

}
