package io.dramatiq.message;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Reads the numbers of a message exactly, for actors whose parameters are
 * {@link BigDecimal}s: a decoded message holds a number written as Python writes floats
 * as a {@link Double}, and any other as an exact {@code BigDecimal} (see
 * {@link JsonMessageEncoder}).
 */
public final class JsonNumbers {

	private JsonNumbers() {
	}

	/**
	 * Return the decimal a JSON number of a message stands for: a {@code Double} as the
	 * digits Python writes for it, which are the digits on the wire (so {@code 0.1} is
	 * {@code 0.1}, not the binary value's 55 digits), and integers and
	 * {@code BigDecimal}s as they are.
	 * @param number an {@link Integer}, {@link Long}, {@link BigInteger}, {@link Double},
	 * {@link Float} or {@link BigDecimal}
	 * @return the exact decimal
	 * @throws NumberFormatException if the number is not finite
	 * @throws IllegalArgumentException if the number is of another type
	 */
	public static BigDecimal toBigDecimal(Number number) {
		if (number instanceof BigDecimal decimal) {
			return decimal;
		}
		if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
			return BigDecimal.valueOf(number.longValue());
		}
		if (number instanceof BigInteger integer) {
			return new BigDecimal(integer);
		}
		if (number instanceof Double || number instanceof Float) {
			double value = (number instanceof Float) ? Double.parseDouble(number.toString()) : number.doubleValue();
			if (!Double.isFinite(value)) {
				throw new NumberFormatException(PythonFloats.json(value) + " has no decimal value");
			}
			return new BigDecimal(PythonFloats.json(value));
		}
		throw new IllegalArgumentException("A " + number.getClass().getName() + " is not a JSON number");
	}

}
