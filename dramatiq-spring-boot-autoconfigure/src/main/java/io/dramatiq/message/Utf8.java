package io.dramatiq.message;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 validation (RFC 3629), as Python's {@code bytes.decode("utf-8")} applies
 * it: overlong forms, encoded surrogates and code points above U+10FFFF are errors. The
 * JDK's UTF-8 decoder, which reports malformed input by default, makes the same verdicts
 * ({@code Utf8PropertyTests} compares them with the RFC's table).
 */
final class Utf8 {

	/** Chars decoded at a time: the text itself is not kept, only the verdict. */
	private static final int CHUNK = 1024;

	private Utf8() {
	}

	/**
	 * Return the offset of the first byte that is not valid UTF-8.
	 * @param bytes the bytes
	 * @return the offset of the first byte of the first malformed or incomplete sequence,
	 * or -1 if all bytes are valid
	 */
	static int firstInvalid(byte[] bytes) {
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
		ByteBuffer in = ByteBuffer.wrap(bytes);
		// at least 2 chars, the room a surrogate pair needs
		CharBuffer out = CharBuffer.allocate(Math.max(2, Math.min(bytes.length, CHUNK)));
		while (true) {
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				return in.position();
			}
			if (result.isUnderflow()) {
				return -1;
			}
			out.clear();
		}
	}

}
