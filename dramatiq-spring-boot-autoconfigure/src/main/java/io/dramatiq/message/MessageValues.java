package io.dramatiq.message;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.OptionalLong;

/**
 * Reads the envelope values that other producers may write as any JSON value: an id as
 * text, a timestamp as epoch milliseconds.
 */
final class MessageValues {

	private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);

	private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

	private MessageValues() {
	}

	/**
	 * Return a value's compact JSON text, as Python writes it.
	 * @param value a plain JSON value
	 * @return the text, such as {@code 42} or {@code null}
	 */
	static String json(Object value) {
		PythonJsonWriter writer = new PythonJsonWriter(16);
		try {
			writer.writeValue(value, "message_id");
		}
		catch (PythonJsonWriter.UnsupportedValueException ex) {
			return String.valueOf(value);
		}
		return new String(writer.toByteArray(), StandardCharsets.US_ASCII);
	}

	/**
	 * Read a timestamp as epoch milliseconds: a finite number, rounded down and held
	 * within the range of a long, or ISO-8601 date-time text, at UTC unless it names an
	 * offset (what Python's {@code datetime.isoformat()} writes, for example).
	 * @param value the timestamp as it travels
	 * @return the time, or empty for anything else
	 */
	static OptionalLong epochMillis(Object value) {
		if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
			return OptionalLong.of(((Number) value).longValue());
		}
		if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			if (!Double.isFinite(number)) {
				return OptionalLong.empty();
			}
			// the cast saturates at the range of a long
			return OptionalLong.of((long) Math.floor(number));
		}
		if (value instanceof BigInteger number) {
			return OptionalLong.of(clamp(new BigDecimal(number)));
		}
		if (value instanceof BigDecimal number) {
			return OptionalLong.of(clamp(number.setScale(0, RoundingMode.FLOOR)));
		}
		if (value instanceof String text) {
			return parse(text.trim());
		}
		return OptionalLong.empty();
	}

	private static long clamp(BigDecimal number) {
		return number.max(LONG_MIN).min(LONG_MAX).longValue();
	}

	private static OptionalLong parse(String text) {
		try {
			TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from,
					LocalDateTime::from);
			OffsetDateTime time = (parsed instanceof OffsetDateTime offset) ? offset
					: ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
			return OptionalLong.of(time.toInstant().toEpochMilli());
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			return OptionalLong.empty();
		}
	}

}
