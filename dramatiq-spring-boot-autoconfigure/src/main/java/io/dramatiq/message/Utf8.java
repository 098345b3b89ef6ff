package io.dramatiq.message;

/**
 * Strict UTF-8 validation (RFC 3629), as Python's {@code bytes.decode("utf-8")} applies
 * it: overlong forms, encoded surrogates and code points above U+10FFFF are errors.
 */
final class Utf8 {

	private Utf8() {
	}

	/**
	 * Return the offset of the first byte that is not valid UTF-8.
	 * @param bytes the bytes
	 * @return the offset, or -1 if all bytes are valid
	 */
	static int firstInvalid(byte[] bytes) {
		int i = 0;
		int length = bytes.length;
		while (i < length) {
			int b = bytes[i];
			if (b >= 0) {
				i++;
				continue;
			}
			b &= 0xff;
			int start = i;
			int continuations;
			int min = 0x80;
			int max = 0xbf;
			if (b >= 0xc2 && b <= 0xdf) {
				continuations = 1;
			}
			else if (b >= 0xe0 && b <= 0xef) {
				continuations = 2;
				// no overlong forms after E0, no surrogates after ED
				min = (b == 0xe0) ? 0xa0 : 0x80;
				max = (b == 0xed) ? 0x9f : 0xbf;
			}
			else if (b >= 0xf0 && b <= 0xf4) {
				continuations = 3;
				// no overlong forms after F0, nothing above U+10FFFF after F4
				min = (b == 0xf0) ? 0x90 : 0x80;
				max = (b == 0xf4) ? 0x8f : 0xbf;
			}
			else {
				return start;
			}
			if (i + continuations >= length) {
				return start;
			}
			int second = bytes[i + 1] & 0xff;
			if (second < min || second > max) {
				return start;
			}
			for (int k = 2; k <= continuations; k++) {
				int next = bytes[i + k] & 0xff;
				if (next < 0x80 || next > 0xbf) {
					return start;
				}
			}
			i += continuations + 1;
		}
		return -1;
	}

}
