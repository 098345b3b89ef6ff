package io.dramatiq;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations the way Spring Boot binds them, without depending on Spring: the
 * simple form {@code 500ms}, {@code 15s}, {@code 10m}, {@code 2h}, {@code 7d} (also
 * {@code ns} and {@code us}), a plain number meaning milliseconds (Python Dramatiq's
 * unit), or ISO-8601 such as {@code PT10M} and {@code P7D}.
 */
public final class Durations {

	private static final Pattern SIMPLE = Pattern.compile("^([+-]?\\d+)([a-zA-Z]{0,2})$");

	private Durations() {
	}

	/**
	 * Parse a duration.
	 * @param text the text, such as {@code 15s}, {@code 7d}, {@code PT10M} or {@code 500}
	 * (milliseconds)
	 * @return the duration
	 * @throws IllegalArgumentException if the text is not a duration
	 */
	public static Duration parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("'text' must not be empty");
		}
		String trimmed = text.trim();
		Matcher simple = SIMPLE.matcher(trimmed);
		if (simple.matches()) {
			long amount = Long.parseLong(simple.group(1));
			return switch (simple.group(2).toLowerCase(Locale.ROOT)) {
				case "", "ms" -> Duration.ofMillis(amount);
				case "ns" -> Duration.ofNanos(amount);
				case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
				case "s" -> Duration.ofSeconds(amount);
				case "m" -> Duration.ofMinutes(amount);
				case "h" -> Duration.ofHours(amount);
				case "d" -> Duration.ofDays(amount);
				default -> throw invalid(text, null);
			};
		}
		if (trimmed.startsWith("P") || trimmed.startsWith("p") || trimmed.startsWith("-P")
				|| trimmed.startsWith("+P")) {
			try {
				return Duration.parse(trimmed);
			}
			catch (DateTimeParseException ex) {
				throw invalid(text, ex);
			}
		}
		throw invalid(text, null);
	}

	/**
	 * Convert a duration given as a {@link Duration}, a number of milliseconds or text
	 * (see {@link #parse(String)}) to whole milliseconds, the unit Python Dramatiq uses
	 * on the wire.
	 * @param value the duration
	 * @return the milliseconds
	 * @throws IllegalArgumentException if the value is not a duration
	 */
	public static long toMillis(Object value) {
		if (value instanceof Duration duration) {
			return duration.toMillis();
		}
		if (value instanceof Number number) {
			return number.longValue();
		}
		if (value instanceof CharSequence text) {
			return parse(text.toString()).toMillis();
		}
		throw new IllegalArgumentException("'" + value + "' is not a duration; use a Duration, a number of"
				+ " milliseconds or text such as '15s', '7d' or 'PT10M'.");
	}

	private static IllegalArgumentException invalid(String text, Throwable cause) {
		IllegalArgumentException ex = new IllegalArgumentException("'" + text
				+ "' is not a duration; use a number of milliseconds or a form such as '500ms', '15s', '10m', '7d'"
				+ " or 'PT10M'.");
		if (cause != null) {
			ex.initCause(cause);
		}
		return ex;
	}

}
