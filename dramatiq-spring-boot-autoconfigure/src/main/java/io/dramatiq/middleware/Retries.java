package io.dramatiq.middleware;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.random.RandomGenerator;

import io.dramatiq.Backoff;
import io.dramatiq.RetryException;
import io.dramatiq.actor.ArgumentBindingException;
import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries failed messages with exponential backoff, as Python Dramatiq's {@code Retries}
 * ({@code dramatiq/middleware/retries.py}). Without it, a failed message is simply acked
 * and dropped.
 * <p>
 * After a failure:
 * <ol>
 * <li>an exception listed in {@code throws} (an actor option: exception classes) marks
 * the message failed at once: it is dead-lettered, its retry count untouched;</li>
 * <li>so does an {@link ArgumentBindingException}, raised when the message's arguments do
 * not fit the actor's parameters, which no retry can change (Python would retry its
 * {@code TypeError}); the dead letter carries the reason in its {@code traceback}
 * option;</li>
 * <li>an interruption that is not {@linkplain InterruptException#isRetryable()
 * retryable}, such as an aborted message's, is acked as it is and never retried (Python
 * retries it, and the retry is then skipped by the abort request still pending);</li>
 * <li>otherwise the options get {@code retries} (failures so far, after this one),
 * {@code traceback} and {@code requeue_timestamp};</li>
 * <li>the message gives up, is marked failed (dead-lettered) and the
 * {@code on_retry_exhausted} actor, if any, receives {@code [<envelope>, {"retries": r,
 * "max_retries": max}]} when {@code retry_when} says no, or, without {@code retry_when},
 * when {@code max_retries} is not null (forever) and {@code r >= max_retries} ({@code r}
 * = failures before this one). So {@code max_retries = N} makes N + 1 attempts;</li>
 * <li>otherwise a copy (same id and timestamp) is enqueued with a delay: the one of a
 * {@link RetryException}, or a backoff drawn between {@code min_backoff × 2^r} and twice
 * that, redrawn in {@code [max_backoff / 2, max_backoff)} when above {@code max_backoff};
 * the current delivery is then acked.</li>
 * </ol>
 * {@code max_retries}, {@code min_backoff} and {@code max_backoff} come from the message
 * option when present (a {@code null} {@code max_retries} means forever), else the actor
 * option when present, else this middleware's default; {@code max_backoff} is capped at 7
 * days. {@code retry_when} comes from the actor option, else the middleware;
 * {@code on_retry_exhausted} from the message option when truthy, else the actor option.
 */
public class Retries implements Middleware {

	/** The option holding the maximum number of retries; {@code null} retries forever. */
	public static final String MAX_RETRIES = "max_retries";

	/** The option holding the minimum backoff in milliseconds. */
	public static final String MIN_BACKOFF = "min_backoff";

	/** The option holding the maximum backoff in milliseconds. */
	public static final String MAX_BACKOFF = "max_backoff";

	/** The actor option holding a {@link RetryWhen} predicate. */
	public static final String RETRY_WHEN = "retry_when";

	/** The actor option holding exception types that are never retried. */
	public static final String THROWS = "throws";

	/** The option naming the actor to notify when retries are exhausted. */
	public static final String ON_RETRY_EXHAUSTED = "on_retry_exhausted";

	/** The option counting failed attempts, written by this middleware. */
	public static final String RETRIES = "retries";

	/** The option holding the last failure's stack trace, written by this middleware. */
	public static final String TRACEBACK = "traceback";

	/** The option holding the time of the last retry decision, in epoch milliseconds. */
	public static final String REQUEUE_TIMESTAMP = "requeue_timestamp";

	/** Python's default maximum number of retries. */
	public static final int DEFAULT_MAX_RETRIES = 20;

	/** Python's default minimum backoff: 15 seconds. */
	public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(15000);

	/** Python's default, and largest, maximum backoff: 7 days. */
	public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMillis(604800000);

	/** The actor options this middleware reads, with Python's defaults (spec §12.2). */
	static final List<OptionSpec> OPTION_SPECS = List.of(
			new OptionSpec(MAX_RETRIES, Kind.RETRY_COUNT, DEFAULT_MAX_RETRIES, "Retries"),
			new OptionSpec(MIN_BACKOFF, Kind.DURATION, DEFAULT_MIN_BACKOFF.toMillis(), "Retries"),
			new OptionSpec(MAX_BACKOFF, Kind.DURATION, DEFAULT_MAX_BACKOFF.toMillis(), "Retries"),
			new OptionSpec(RETRY_WHEN, Kind.RETRY_PREDICATE, null, "Retries", RetryWhen::adapt),
			new OptionSpec(THROWS, Kind.EXCEPTION_TYPES, null, "Retries"),
			new OptionSpec(ON_RETRY_EXHAUSTED, Kind.ACTOR_NAME, null, "Retries"));

	private static final int TRACEBACK_FRAMES = 30;

	private static final int TRACEBACK_CAUSES = 5;

	private static final Logger logger = LoggerFactory.getLogger(Retries.class);

	private final Integer maxRetries;

	private final Duration minBackoff;

	private final Duration maxBackoff;

	private final RetryWhen retryWhen;

	private final RandomGenerator random;

	/**
	 * Create the middleware with Python's defaults: 20 retries, backoff from 15 seconds
	 * to 7 days, no {@code retry_when}.
	 */
	public Retries() {
		this(DEFAULT_MAX_RETRIES, DEFAULT_MIN_BACKOFF, DEFAULT_MAX_BACKOFF, null);
	}

	/**
	 * Create the middleware.
	 * @param maxRetries the default maximum number of retries, or {@code null} to retry
	 * forever
	 * @param minBackoff the default minimum backoff; {@code null} or zero means 15
	 * seconds, as in Python
	 * @param maxBackoff the default maximum backoff; {@code null} or zero means 7 days,
	 * as in Python
	 * @param retryWhen the default predicate, replacing {@code maxRetries}, or
	 * {@code null}
	 */
	public Retries(Integer maxRetries, Duration minBackoff, Duration maxBackoff, RetryWhen retryWhen) {
		this(maxRetries, minBackoff, maxBackoff, retryWhen, RandomGenerator.getDefault());
	}

	/**
	 * Create the middleware with a given source of jitter, for tests.
	 * @param maxRetries the default maximum number of retries, or {@code null} to retry
	 * forever
	 * @param minBackoff the default minimum backoff; {@code null} or zero means 15
	 * seconds
	 * @param maxBackoff the default maximum backoff; {@code null} or zero means 7 days
	 * @param retryWhen the default predicate, or {@code null}
	 * @param random the source of jitter
	 */
	public Retries(Integer maxRetries, Duration minBackoff, Duration maxBackoff, RetryWhen retryWhen,
			RandomGenerator random) {
		this.maxRetries = maxRetries;
		// a falsy middleware-level backoff falls back to the default, as in Python
		this.minBackoff = (minBackoff != null && !minBackoff.isZero()) ? minBackoff : DEFAULT_MIN_BACKOFF;
		this.maxBackoff = (maxBackoff != null && !maxBackoff.isZero()) ? maxBackoff : DEFAULT_MAX_BACKOFF;
		this.retryWhen = retryWhen;
		this.random = (random != null) ? random : RandomGenerator.getDefault();
	}

	/**
	 * Return the default maximum number of retries.
	 * @return the maximum, or {@code null} for forever
	 */
	public Integer maxRetries() {
		return this.maxRetries;
	}

	/**
	 * Return the default minimum backoff.
	 * @return the minimum backoff
	 */
	public Duration minBackoff() {
		return this.minBackoff;
	}

	/**
	 * Return the default maximum backoff.
	 * @return the maximum backoff
	 */
	public Duration maxBackoff() {
		return this.maxBackoff;
	}

	/**
	 * Return the default predicate.
	 * @return the predicate, or {@code null}
	 */
	public RetryWhen retryWhen() {
		return this.retryWhen;
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
	public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
		if (exception == null) {
			return;
		}
		Map<String, Object> actorOptions = Options.actorOptions(broker, message);
		Object throwsOption = message.options().get(THROWS);
		if (!Options.isTruthy(throwsOption)) {
			throwsOption = actorOptions.get(THROWS);
		}
		if (ExceptionTypes.matches(throwsOption, exception)) {
			logger.info("Aborting message '{}'.", message.messageId());
			message.fail();
			return;
		}
		if (exception instanceof InterruptException interruption && !interruption.isRetryable()) {
			// aborted: acked as it is, never run again
			logger.info("Message '{}' was aborted; it is not retried.", message.messageId());
			return;
		}
		if (exception instanceof ArgumentBindingException) {
			// no retry can make these arguments fit: dead-letter the message with the
			// reason, so that whoever looks at the dead letter sees it
			logger.warn("Dead-lettering message '{}' without retries: its arguments do not fit actor '{}'.",
					message.messageId(), message.actorName());
			synchronized (message.options()) {
				message.options().put(TRACEBACK, traceback(exception));
			}
			message.failWithCurrentOptions();
			return;
		}
		int retries;
		Map<String, Object> options = message.options();
		synchronized (options) {
			retries = count(options.get(RETRIES));
			options.put(RETRIES, retries + 1);
			options.put(TRACEBACK, traceback(exception));
			options.put(REQUEUE_TIMESTAMP, System.currentTimeMillis());
		}
		Object maxRetries = Options.presentFirst(broker, message, MAX_RETRIES, this.maxRetries);
		RetryWhen retryWhen = actorOptions.containsKey(RETRY_WHEN) ? toRetryWhen(actorOptions.get(RETRY_WHEN))
				: this.retryWhen;
		if (giveUp(retryWhen, maxRetries, retries, exception)) {
			logger.warn("Retries exceeded for message '{}'.", message.messageId());
			message.fail();
			String target = Options.string(Options.truthyFirst(broker, message, ON_RETRY_EXHAUSTED, null));
			if (target != null) {
				Map<String, Object> info = new LinkedHashMap<>();
				info.put("retries", retries);
				info.put("max_retries", maxRetries);
				CallbackMessages.send(broker, message, ON_RETRY_EXHAUSTED, target, message.message().asMap(), info);
			}
			return;
		}
		long delay;
		if (exception instanceof RetryException retry && retry.delay() != null) {
			delay = Math.max(0, retry.delay().toMillis());
		}
		else {
			long minBackoff = backoffOption(broker, message, MIN_BACKOFF, this.minBackoff);
			long maxBackoff = Math.min(backoffOption(broker, message, MAX_BACKOFF, this.maxBackoff),
					DEFAULT_MAX_BACKOFF.toMillis());
			delay = Backoff.compute(retries, minBackoff, maxBackoff, this.random);
		}
		logger.info("Retrying message '{}' in {} milliseconds.", message.messageId(), delay);
		broker.enqueue(message.message(), Duration.ofMillis(delay));
	}

	private static boolean giveUp(RetryWhen retryWhen, Object maxRetries, int retries, Throwable exception) {
		if (retryWhen != null) {
			return !retryWhen.shouldRetry(retries, exception);
		}
		return maxRetries != null && retries >= count(maxRetries);
	}

	private static int count(Object value) {
		if (value instanceof Number number) {
			return number.intValue();
		}
		if (value instanceof CharSequence text && !text.isEmpty()) {
			try {
				return Integer.parseInt(text.toString().trim());
			}
			catch (NumberFormatException ex) {
				// fall through
			}
		}
		if (value != null) {
			logger.warn("Ignoring retry count '{}', which is not a number.", value);
		}
		return 0;
	}

	private static long backoffOption(Broker broker, MessageProxy message, String key, Duration defaultValue) {
		Object value = Options.presentFirst(broker, message, key, null);
		return (value != null) ? Math.max(0, (long) Options.millis(value)) : defaultValue.toMillis();
	}

	@SuppressWarnings("unchecked")
	private static RetryWhen toRetryWhen(Object value) {
		if (value == null || value instanceof RetryWhen) {
			return (RetryWhen) value;
		}
		if (value instanceof BiPredicate<?, ?> predicate) {
			return RetryWhen.of((BiPredicate<Integer, Throwable>) predicate);
		}
		throw new IllegalStateException("Actor option 'retry_when' must be a RetryWhen or a BiPredicate<Integer,"
				+ " Throwable> but was " + value.getClass().getName() + ".");
	}

	/**
	 * Format a stack trace for the {@code traceback} option: each exception of the cause
	 * chain with at most 30 frames, like Python's {@code format_exc(limit=30)}.
	 */
	static String traceback(Throwable exception) {
		StringBuilder text = new StringBuilder();
		Throwable current = exception;
		for (int depth = 0; current != null && depth < TRACEBACK_CAUSES; depth++) {
			if (depth > 0) {
				text.append("Caused by: ");
			}
			text.append(current).append('\n');
			StackTraceElement[] frames = current.getStackTrace();
			int shown = Math.min(frames.length, TRACEBACK_FRAMES);
			for (int i = 0; i < shown; i++) {
				text.append("\tat ").append(frames[i]).append('\n');
			}
			if (frames.length > shown) {
				text.append("\t... ").append(frames.length - shown).append(" more\n");
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return text.toString();
	}

}
