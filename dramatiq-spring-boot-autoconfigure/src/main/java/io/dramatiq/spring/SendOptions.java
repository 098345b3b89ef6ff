package io.dramatiq.spring;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.dramatiq.actor.ActorOptions;
import io.dramatiq.middleware.StandardActorOptions;

/**
 * Options of one send, as the keyword arguments of Python Dramatiq's
 * {@code send_with_options}: an optional delay and raw message options such as
 * {@code max_retries}, {@code broker_priority} or {@code on_success}. Instances are
 * immutable; every {@code with...} method returns a copy.
 * <p>
 * Option values must be JSON-encodable. An {@link ActorProxy} is stored as its actor name
 * (Python does the same for an {@code Actor}), and a {@link Duration} as whole
 * milliseconds, the unit of every Dramatiq time option. The time options Python's
 * middleware reads ({@code time_limit}, {@code max_age}, {@code min_backoff},
 * {@code max_backoff}) also accept Spring's text forms ({@code "15s"}, {@code "PT10M"},
 * {@code "7d"}), and travel as milliseconds too.
 *
 * <pre class="code">
 * countWords.sendWithOptions(SendOptions.delay(Duration.ofSeconds(10)).withOption("max_retries", 3), url);
 * </pre>
 * <p>
 * Inside a Spring transaction a send is enqueued once the transaction commits, and
 * dropped if it rolls back (see {@link TransactionalSends}). {@link #immediate()} (or
 * {@link #withImmediate(boolean) withImmediate(true)}) enqueues this one send at once
 * instead. The switch only steers this process: it is never written to the message.
 */
public final class SendOptions {

	/**
	 * Options that name an actor, as checked by Python's {@code message_with_options}.
	 */
	private static final Set<String> CALLBACK_OPTIONS = Set.of("on_success", "on_failure", "on_retry_exhausted");

	private static final SendOptions NONE = new SendOptions(null, Map.of(), false);

	private static final ActorOptions KNOWN_OPTIONS = StandardActorOptions.create();

	private final Duration delay;

	private final Map<String, Object> options;

	private final boolean immediate;

	private SendOptions(Duration delay, Map<String, Object> options, boolean immediate) {
		this.delay = delay;
		this.options = options;
		this.immediate = immediate;
	}

	/**
	 * Return options with no delay and no message options.
	 * @return the empty options
	 */
	public static SendOptions none() {
		return NONE;
	}

	/**
	 * Return options that delay the message.
	 * @param delay how long to wait before the message may run; zero still goes through
	 * the delay queue
	 * @return the options
	 */
	public static SendOptions delay(Duration delay) {
		return NONE.withDelay(delay);
	}

	/**
	 * Return options with one message option.
	 * @param key the option's Python name, such as {@code max_retries}
	 * @param value the value
	 * @return the options
	 * @see #withOption(String, Object)
	 */
	public static SendOptions option(String key, Object value) {
		return NONE.withOption(key, value);
	}

	/**
	 * Return options that enqueue the message at once, even inside a transaction that
	 * could still roll back.
	 * @return the options
	 * @see #withImmediate(boolean)
	 */
	public static SendOptions immediate() {
		return NONE.withImmediate(true);
	}

	/**
	 * Return a copy with a delay.
	 * @param delay how long to wait before the message may run, or {@code null} for none
	 * @return the copy
	 * @throws IllegalArgumentException if the delay is negative
	 */
	public SendOptions withDelay(Duration delay) {
		if (delay != null && delay.isNegative()) {
			throw new IllegalArgumentException("'delay' must not be negative but was " + delay + ".");
		}
		return new SendOptions(delay, this.options, this.immediate);
	}

	/**
	 * Return a copy that enqueues the message at once ({@code true}) or, inside a Spring
	 * transaction, once it commits ({@code false}, the default). Outside a transaction
	 * both send at once. Nothing of this reaches the message.
	 * @param immediate whether to enqueue at once even inside a transaction
	 * @return the copy
	 */
	public SendOptions withImmediate(boolean immediate) {
		return new SendOptions(this.delay, this.options, immediate);
	}

	/**
	 * Return a copy with one more message option, or with its value replaced. The key is
	 * written to the message's {@code options} as given, so any option a Python worker or
	 * middleware understands can be set.
	 * @param key the option's Python name, such as {@code max_retries},
	 * {@code broker_priority} or {@code on_success}
	 * @param value a JSON-encodable value, an {@link ActorProxy} (stored as its actor
	 * name) or a {@link Duration} (stored as milliseconds; text such as {@code "15s"} too
	 * for a time option); {@code null} is kept as JSON {@code null}
	 * @return the copy
	 * @throws IllegalArgumentException if the key is {@code delay} (use
	 * {@link #withDelay(Duration)}), a callback option names no actor or a time option is
	 * no duration
	 */
	public SendOptions withOption(String key, Object value) {
		Objects.requireNonNull(key, "'key' must not be null");
		if ("delay".equals(key)) {
			throw new IllegalArgumentException("Option 'delay' is set with withDelay(Duration), not withOption.");
		}
		Object stored = value;
		if (value instanceof ActorProxy actor) {
			stored = actor.actorName();
		}
		else {
			try {
				stored = KNOWN_OPTIONS.wireValue(key, value);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(
						"Option '" + key + "' must be a duration but was '" + value + "': " + ex.getMessage(), ex);
			}
		}
		if (CALLBACK_OPTIONS.contains(key) && stored != null && !(stored instanceof String)) {
			throw new IllegalArgumentException("Option '" + key + "' must be an ActorProxy or an actor name but was "
					+ value.getClass().getName() + ".");
		}
		Map<String, Object> copy = new LinkedHashMap<>(this.options);
		copy.put(key, stored);
		return new SendOptions(this.delay, Collections.unmodifiableMap(copy), this.immediate);
	}

	/**
	 * Return the delay.
	 * @return the delay, or {@code null} to enqueue at once
	 */
	public Duration getDelay() {
		return this.delay;
	}

	/**
	 * Return the message options, in the order they were added.
	 * @return an unmodifiable map
	 */
	public Map<String, Object> getOptions() {
		return this.options;
	}

	/**
	 * Return whether the message is enqueued at once even inside a transaction.
	 * @return {@code true} to enqueue at once, {@code false} to follow the transaction
	 */
	public boolean isImmediate() {
		return this.immediate;
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		return (obj instanceof SendOptions other) && Objects.equals(this.delay, other.delay)
				&& this.options.equals(other.options) && this.immediate == other.immediate;
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.delay, this.options, this.immediate);
	}

	@Override
	public String toString() {
		return "SendOptions[delay=" + this.delay + ", options=" + this.options + ", immediate=" + this.immediate + "]";
	}

}
