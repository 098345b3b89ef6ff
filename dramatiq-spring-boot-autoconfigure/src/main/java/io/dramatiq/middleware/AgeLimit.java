package io.dramatiq.middleware;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.List;
import java.util.Set;

import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters messages that are too old to be worth running, as Python Dramatiq's
 * {@code AgeLimit} ({@code dramatiq/middleware/age_limit.py}).
 * <p>
 * The limit is the message option {@code max_age} (milliseconds) when truthy, else the
 * actor option {@code max_age}, else this middleware's default (none). A falsy limit
 * disables the check. A message whose age ({@code now - message_timestamp}) reached the
 * limit is marked failed and skipped with a {@link SkipMessageException} "Message age
 * limit exceeded" (reported as {@code SkipMessage}), so it is dead-lettered without
 * running. Retries keep the original timestamp, so the age includes the time spent
 * retrying.
 * <p>
 * A timestamp another producer wrote as a float counts as milliseconds, rounded down, as
 * Python computes with it; ISO-8601 text counts as the time it names (Python's check
 * fails on text and lets the message run). A timestamp that names no time ({@code null},
 * other text) is logged as a warning and the message runs unchecked, as in Python.
 */
public class AgeLimit implements Middleware {

	/** The option holding the maximum age in milliseconds. */
	public static final String MAX_AGE = "max_age";

	/** Python's default: no age limit. */
	public static final Duration DEFAULT_MAX_AGE = null;

	/** The actor options this middleware reads, with Python's defaults (spec §12.2). */
	static final List<OptionSpec> OPTION_SPECS = List.of(new OptionSpec(MAX_AGE, Kind.DURATION, null, "AgeLimit"));

	private static final Logger logger = LoggerFactory.getLogger(AgeLimit.class);

	private final Duration maxAge;

	/**
	 * Create the middleware with no default limit, as in Python.
	 */
	public AgeLimit() {
		this(DEFAULT_MAX_AGE);
	}

	/**
	 * Create the middleware.
	 * @param maxAge the limit of messages whose actor and message set none, or
	 * {@code null} for none
	 */
	public AgeLimit(Duration maxAge) {
		this.maxAge = maxAge;
	}

	/**
	 * Return the default limit.
	 * @return the limit, or {@code null} for none
	 */
	public Duration maxAge() {
		return this.maxAge;
	}

	@Override
	public Set<String> actorOptions() {
		return OptionSpecs.names(OPTION_SPECS);
	}

	@Override
	public List<OptionSpec> actorOptionSpecs() {
		return OPTION_SPECS;
	}

	@Override
	public void beforeProcessMessage(Broker broker, MessageProxy message) {
		Object defaultValue = (this.maxAge != null) ? this.maxAge.toMillis() : null;
		Object limit = Options.truthyFirst(broker, message, MAX_AGE, defaultValue);
		if (!Options.isTruthy(limit)) {
			return;
		}
		double maxAgeMillis = Options.millis(limit);
		OptionalLong sentAt = message.messageTimestampMillis();
		if (sentAt.isEmpty()) {
			// Python's own check fails on such a value, logs it and runs the message
			logger.warn("Message '{}' has message_timestamp {}, which is not a time; running it without checking its "
					+ "age.", message.messageId(), describe(message.messageTimestampValue()));
			return;
		}
		if (System.currentTimeMillis() - sentAt.getAsLong() >= maxAgeMillis) {
			logger.warn("Message '{}' has exceeded its age limit.", message.messageId());
			message.fail();
			throw new SkipMessageException("Message age limit exceeded");
		}
	}

	private static String describe(Object value) {
		return (value instanceof String text) ? "'" + text + "'" : String.valueOf(value);
	}

}
