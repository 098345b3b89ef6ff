package io.dramatiq.message;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles exactly as Python's {@code float.__repr__} does, which is what Python's
 * {@code json.dumps} writes: the shortest digits that read back as the same double
 * (closest to the exact value when several have that length), {@code .0} on integral
 * values, and exponent form {@code 1e-05}/{@code 1e+16} when the decimal exponent is
 * below -4 or at least 16.
 * <p>
 * Java 17's {@link Double#toString(double)} is not always shortest (JDK-4511638, for
 * example {@code 4.9E-324} for Python's {@code 5e-324}), so its digits only serve as an
 * upper bound and the shortest digits are found with exact decimal arithmetic.
 */
final class PythonFloats {

	private static final double INTEGRAL_FAST_PATH_LIMIT = 1e16;

	private static final int MAX_DIGITS = 17;

	private static final int CHOSEN = 0;

	private static final int NOT_CLOSEST = 1;

	private static final int NOT_SHORTEST = 2;

	private PythonFloats() {
	}

	/**
	 * Return the JSON form Python's {@code json.dumps} gives a float.
	 * @param value the value
	 * @return the text, {@code NaN}, {@code Infinity} or {@code -Infinity} included
	 */
	static String json(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "Infinity" : "-Infinity";
		}
		return finite(value);
	}

	/**
	 * Tell, from the text alone, that a JSON number is what Python writes for the float
	 * it reads as, in the common case: positional, between 1e-4 and 1e16, at most 15
	 * significant digits, no trailing zero but that of {@code N.0}. At most 15 digits
	 * read back as themselves (DBL_DIG), so no shorter digits read as the same float and
	 * Python prints exactly these. {@code false} means "not known": check with
	 * {@link #json(double)}.
	 * @param text the number's text
	 * @return whether the text is surely Python's form
	 */
	static boolean isSurelyPythonForm(String text) {
		int length = text.length();
		int i = (length > 0 && text.charAt(0) == '-') ? 1 : 0;
		int point = text.indexOf('.', i);
		if (point <= i || point == length - 1 || length > 24) {
			return false;
		}
		boolean zeroInteger = point == i + 1 && text.charAt(i) == '0';
		if (!zeroInteger && (text.charAt(i) == '0' || point - i > 16)) {
			return false;
		}
		int significant = 0;
		int leadingZeros = 0;
		int trailingZeros = 0;
		for (int k = i; k < length; k++) {
			char c = text.charAt(k);
			if (k == point) {
				continue;
			}
			if (c < '0' || c > '9') {
				return false;
			}
			if (c == '0') {
				if (significant == 0) {
					if (k > point) {
						leadingZeros++;
					}
					continue;
				}
				trailingZeros++;
			}
			else {
				trailingZeros = 0;
			}
			significant++;
		}
		significant -= trailingZeros;
		if (significant == 0) {
			// 0.0 and -0.0
			return zeroInteger && length - point == 2;
		}
		if (text.charAt(length - 1) == '0') {
			// only N.0 may end in a zero
			return !zeroInteger && length - point == 2 && significant <= 15;
		}
		return significant <= 15 && (!zeroInteger || leadingZeros <= 3);
	}

	/**
	 * Return {@code repr(value)} as Python shows it, with {@code nan}, {@code inf} and
	 * {@code -inf} for the non-finite values.
	 * @param value the value
	 * @return the text
	 */
	static String repr(double value) {
		if (Double.isNaN(value)) {
			return "nan";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "inf" : "-inf";
		}
		return finite(value);
	}

	private static String finite(double value) {
		if (value == 0) {
			return (Double.doubleToRawLongBits(value) < 0) ? "-0.0" : "0.0";
		}
		double abs = Math.abs(value);
		if (abs < INTEGRAL_FAST_PATH_LIMIT && abs == Math.rint(abs)) {
			// Below 1e16 an integral double's shortest digits are its integer digits
			return Long.toString((long) value) + ".0";
		}
		String javaText = Double.toString(abs);
		long[] decimal = parseJava(javaText);
		int upper = MAX_DIGITS;
		if (decimal != null) {
			long mantissa = decimal[0];
			int exponent = (int) decimal[1];
			upper = digitCount(mantissa);
			int verdict = judge(mantissa, exponent, abs);
			if (verdict == CHOSEN) {
				String digits = Long.toString(mantissa);
				return format(value < 0, digits, digits.length() + exponent);
			}
			if (verdict == NOT_CLOSEST) {
				// Shortest length is right, but another decimal of that length may be
				// closer
				BigDecimal nearest = new BigDecimal(abs).round(new MathContext(upper, RoundingMode.HALF_EVEN));
				if (nearest.doubleValue() == abs) {
					return format(value < 0, nearest);
				}
			}
		}
		return format(value < 0, shortest(abs, upper));
	}

	private static String format(boolean negative, BigDecimal decimal) {
		BigDecimal stripped = decimal.stripTrailingZeros();
		String digits = stripped.unscaledValue().toString();
		return format(negative, digits, digits.length() - stripped.scale());
	}

	/**
	 * Judge whether {@code mantissa x 10^exponent}, which reads back as {@code abs}, is
	 * Python's choice. The decimals that read back as {@code abs} form an interval that
	 * contains it and is at most {@code ulp(abs)} wide, so it is the shortest if neither
	 * neighbour one digit shorter reads back, and the closest of its length if neither
	 * neighbour of its length does. Neighbours further than the interval's width are
	 * skipped, which leaves one parse in the common case.
	 * @return {@link #CHOSEN}, {@link #NOT_CLOSEST} or {@link #NOT_SHORTEST}
	 */
	private static int judge(long mantissa, int exponent, double abs) {
		double twoUlps = 2 * Math.ulp(abs);
		if (mantissa >= 10) {
			long truncated = mantissa / 10;
			if (Math.pow(10, exponent + 1) > twoUlps) {
				long nearer = (mantissa % 10 < 5) ? truncated : truncated + 1;
				if (readsBackAs(nearer, exponent + 1, abs)) {
					return NOT_SHORTEST;
				}
			}
			else if (readsBackAs(truncated, exponent + 1, abs) || readsBackAs(truncated + 1, exponent + 1, abs)) {
				return NOT_SHORTEST;
			}
		}
		if (Math.pow(10, exponent) > twoUlps) {
			return CHOSEN;
		}
		boolean lowerReadsBack = (mantissa == 1) ? readsBackAs(9, exponent - 1, abs)
				: readsBackAs(mantissa - 1, exponent, abs);
		return (lowerReadsBack || readsBackAs(mantissa + 1, exponent, abs)) ? NOT_CLOSEST : CHOSEN;
	}

	private static boolean readsBackAs(long mantissa, int exponent, double abs) {
		return Double.parseDouble(mantissa + "E" + exponent) == abs;
	}

	/**
	 * Parse {@link Double#toString(double)}'s output of a positive finite value into
	 * {@code {mantissa, exponent}} without trailing zeros, or return {@code null} if it
	 * has too many digits for a long.
	 */
	private static long[] parseJava(String text) {
		long mantissa = 0;
		int significant = 0;
		int fractionDigits = 0;
		boolean fraction = false;
		int exponent = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '.') {
				fraction = true;
			}
			else if (c == 'E') {
				exponent = Integer.parseInt(text, i + 1, text.length(), 10);
				break;
			}
			else {
				if (mantissa != 0 || c != '0') {
					significant++;
				}
				mantissa = mantissa * 10 + (c - '0');
				if (fraction) {
					fractionDigits++;
				}
			}
			if (significant > 18) {
				return null;
			}
		}
		exponent -= fractionDigits;
		while (mantissa % 10 == 0) {
			mantissa /= 10;
			exponent++;
		}
		return new long[] { mantissa, exponent };
	}

	private static int digitCount(long value) {
		int count = 1;
		while (value >= 10) {
			value /= 10;
			count++;
		}
		return count;
	}

	/**
	 * Find the shortest decimal that reads back as {@code abs}; among those of that
	 * length, the one closest to the exact binary value, ties to even (David Gay's
	 * {@code dtoa} mode 0, which Python uses). {@code upper} digits are known to suffice.
	 */
	private static BigDecimal shortest(double abs, int upper) {
		BigDecimal exact = new BigDecimal(abs);
		BigDecimal atUpper = closestRoundTripping(exact, abs, upper);
		if (atUpper == null) {
			upper = MAX_DIGITS;
			atUpper = closestRoundTripping(exact, abs, upper);
		}
		if (upper == 1 || closestRoundTripping(exact, abs, upper - 1) == null) {
			return atUpper;
		}
		// Whether some p-digit decimal reads back is monotonic in p: binary search
		int low = 1;
		int high = upper - 1;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (closestRoundTripping(exact, abs, middle) != null) {
				high = middle;
			}
			else {
				low = middle + 1;
			}
		}
		return closestRoundTripping(exact, abs, low);
	}

	/**
	 * Return the {@code precision}-digit decimal closest to {@code exact} that reads back
	 * as {@code abs}, or {@code null} if none does. The decimals that read back form an
	 * interval around the exact value, so only its two neighbours at that precision need
	 * checking.
	 */
	private static BigDecimal closestRoundTripping(BigDecimal exact, double abs, int precision) {
		BigDecimal down = exact.round(new MathContext(precision, RoundingMode.DOWN));
		if (down.compareTo(exact) == 0) {
			return down;
		}
		BigDecimal up = exact.round(new MathContext(precision, RoundingMode.UP));
		boolean downOk = down.doubleValue() == abs;
		boolean upOk = up.doubleValue() == abs;
		if (downOk && upOk) {
			return exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
		}
		if (downOk) {
			return down;
		}
		return upOk ? up : null;
	}

	/**
	 * Lay the digits out as CPython's {@code format_float_short} does in {@code repr}
	 * mode ({@code Python/pystrtod.c}).
	 */
	private static String format(boolean negative, String digits, int decimalPoint) {
		// value = 0.digits x 10^decimalPoint
		StringBuilder out = new StringBuilder(digits.length() + 8);
		if (negative) {
			out.append('-');
		}
		if (decimalPoint <= -4 || decimalPoint > 16) {
			out.append(digits.charAt(0));
			if (digits.length() > 1) {
				out.append('.').append(digits, 1, digits.length());
			}
			int exponent = decimalPoint - 1;
			out.append('e').append((exponent < 0) ? '-' : '+');
			int magnitude = Math.abs(exponent);
			if (magnitude < 10) {
				out.append('0');
			}
			out.append(magnitude);
		}
		else if (decimalPoint <= 0) {
			out.append("0.");
			for (int i = decimalPoint; i < 0; i++) {
				out.append('0');
			}
			out.append(digits);
		}
		else if (decimalPoint >= digits.length()) {
			out.append(digits);
			for (int i = digits.length(); i < decimalPoint; i++) {
				out.append('0');
			}
			out.append(".0");
		}
		else {
			out.append(digits, 0, decimalPoint).append('.').append(digits, decimalPoint, digits.length());
		}
		return out.toString();
	}

}
