package io.dramatiq.message;

import java.io.ByteArrayOutputStream;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property test for {@link Utf8}: on random byte arrays, mostly valid UTF-8 with broken
 * sequences mixed in, it finds the same first invalid offset as a table-driven check of
 * RFC 3629 (the check this class made by hand before it used the JDK's decoder).
 */
class Utf8PropertyTests {

	@Test
	void findsTheSameFirstInvalidOffsetAsRfc3629() {
		Random random = new Random(20261203L);
		for (int run = 0; run < 200_000; run++) {
			byte[] bytes = randomBytes(random);
			assertThat(Utf8.firstInvalid(bytes)).as("offset in %s", hex(bytes)).isEqualTo(rfc3629FirstInvalid(bytes));
		}
	}

	@Test
	void reportsTheStartOfAnIncompleteSequenceAtTheEnd() {
		assertThat(Utf8.firstInvalid(new byte[] { '"', (byte) 0xe2, (byte) 0x82 })).isEqualTo(1);
		assertThat(Utf8.firstInvalid(new byte[] { 'a', (byte) 0xf0, (byte) 0x9f, (byte) 0x98 })).isEqualTo(1);
		assertThat(Utf8.firstInvalid(new byte[0])).isEqualTo(-1);
	}

	@Test
	void acceptsLongValidTextAcrossTheDecodingChunks() {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 5000; i++) {
			text.append("a\u00e9\u20ac\ud83d\ude00");
		}
		byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
		assertThat(Utf8.firstInvalid(bytes)).isEqualTo(-1);
		bytes[bytes.length - 2] = (byte) 0xff;
		assertThat(Utf8.firstInvalid(bytes)).isEqualTo(bytes.length - 4);
	}

	private static byte[] randomBytes(Random random) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int pieces = random.nextInt(12);
		for (int i = 0; i < pieces; i++) {
			switch (random.nextInt(4)) {
				case 0 -> out.write(random.nextInt(256));
				case 1 -> {
					// a lead byte followed by anything, often a near miss
					out.write(0xc0 + random.nextInt(0x40));
					for (int k = random.nextInt(4); k > 0; k--) {
						out.write(random.nextBoolean() ? 0x80 + random.nextInt(0x40) : random.nextInt(256));
					}
				}
				default -> {
					int codePoint = random.nextInt(0x110000);
					if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
						codePoint = 'x';
					}
					out.writeBytes(
							new String(Character.toChars(codePoint)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
				}
			}
		}
		return out.toByteArray();
	}

	private static String hex(byte[] bytes) {
		StringBuilder text = new StringBuilder();
		for (byte b : bytes) {
			text.append(String.format("%02x ", b & 0xff));
		}
		return text.toString();
	}

	// RFC 3629, section 4: the well-formed byte sequences, table by table
	private static int rfc3629FirstInvalid(byte[] bytes) {
		int i = 0;
		while (i < bytes.length) {
			int lead = bytes[i] & 0xff;
			if (lead < 0x80) {
				i++;
				continue;
			}
			int length;
			int low = 0x80;
			int high = 0xbf;
			if (lead >= 0xc2 && lead <= 0xdf) {
				length = 2;
			}
			else if (lead >= 0xe0 && lead <= 0xef) {
				length = 3;
				low = (lead == 0xe0) ? 0xa0 : 0x80;
				high = (lead == 0xed) ? 0x9f : 0xbf;
			}
			else if (lead >= 0xf0 && lead <= 0xf4) {
				length = 4;
				low = (lead == 0xf0) ? 0x90 : 0x80;
				high = (lead == 0xf4) ? 0x8f : 0xbf;
			}
			else {
				return i;
			}
			if (i + length > bytes.length) {
				return i;
			}
			int second = bytes[i + 1] & 0xff;
			if (second < low || second > high) {
				return i;
			}
			for (int k = 2; k < length; k++) {
				int next = bytes[i + k] & 0xff;
				if (next < 0x80 || next > 0xbf) {
					return i;
				}
			}
			i += length;
		}
		return -1;
	}

}
