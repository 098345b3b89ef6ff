package io.dramatiq.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * An immutable message envelope with the seven fields of Python Dramatiq's
 * {@code Message} ({@code dramatiq/message.py}), in their wire order.
 * <p>
 * Arguments, keyword arguments and option values are plain JSON values: {@code null},
 * {@link Boolean}, {@link String}, {@link Integer}, {@link Long},
 * {@link java.math.BigInteger}, {@link Double}, {@link java.math.BigDecimal},
 * {@link List} and {@link Map} with string keys ({@link Float} is accepted too and
 * travels as a Python float). A {@code BigDecimal} travels as its exact number text.
 * Options keep their insertion order and any key, known or not, so that a message decoded
 * from Python re-encodes byte for byte. Copies never change the original.
 * <p>
 * Our producers always write a string id and integer epoch milliseconds. Python's decoder
 * takes any JSON value for {@code message_id} and {@code message_timestamp} and passes it
 * through, so a decoded message keeps them as given ({@link #messageIdValue()},
 * {@link #messageTimestampValue()}) and writes them back unchanged; {@link #messageId()}
 * and {@link #messageTimestamp()} read them as an id and a time.
 */
public final class Message {

	private final String queueName;

	private final String actorName;

	private final List<Object> args;

	private final Map<String, Object> kwargs;

	private final Map<String, Object> options;

	private final Object messageIdValue;

	private final String messageId;

	private final Object messageTimestampValue;

	private final long messageTimestamp;

	/**
	 * Create a message.
	 * @param queueName the queue the message sits on: the canonical name, or the delay
	 * queue name ({@code Q.DQ}) for a delayed message
	 * @param actorName the actor that runs the message
	 * @param args positional arguments, {@code null} for none
	 * @param kwargs keyword arguments, {@code null} for none
	 * @param options options read and written by brokers and middleware, {@code null} for
	 * none
	 * @param messageId a random UUID4, lowercase
	 * @param messageTimestamp epoch milliseconds when the message was created
	 */
	public Message(String queueName, String actorName, List<Object> args, Map<String, Object> kwargs,
			Map<String, Object> options, String messageId, long messageTimestamp) {
		this(queueName, actorName, copy(args), copy(kwargs), copy(options),
				Objects.requireNonNull(messageId, "'messageId' must not be null"), messageId, messageTimestamp,
				messageTimestamp);
	}

	private Message(String queueName, String actorName, List<Object> args, Map<String, Object> kwargs,
			Map<String, Object> options, Object messageIdValue, String messageId, Object messageTimestampValue,
			long messageTimestamp) {
		this.queueName = Objects.requireNonNull(queueName, "'queueName' must not be null");
		this.actorName = Objects.requireNonNull(actorName, "'actorName' must not be null");
		this.args = args;
		this.kwargs = kwargs;
		this.options = options;
		this.messageIdValue = messageIdValue;
		this.messageId = messageId;
		this.messageTimestampValue = messageTimestampValue;
		this.messageTimestamp = messageTimestamp;
	}

	/**
	 * Create a new message with a fresh id and the current time, as
	 * {@code actor.message()} does in Python.
	 * @param queueName the canonical queue name
	 * @param actorName the actor name
	 * @param args positional arguments (JSON values)
	 * @param kwargs keyword arguments (JSON values)
	 * @param options message options
	 * @return the message
	 */
	public static Message create(String queueName, String actorName, List<?> args, Map<String, ?> kwargs,
			Map<String, ?> options) {
		return new Message(queueName, actorName, cast(args), castMap(kwargs), castMap(options), newMessageId(),
				System.currentTimeMillis());
	}

	/**
	 * Create a message from envelope fields as another producer wrote them, as Python's
	 * {@code Message(**fields)} does: the id and the timestamp may be any JSON value and
	 * are kept as given. An id that is not a string is read as its JSON text; a timestamp
	 * is read as epoch milliseconds when it is a number (rounded down) or ISO-8601 text
	 * (UTC unless it names an offset), and as the current time otherwise.
	 * @param queueName the queue name
	 * @param actorName the actor name
	 * @param args positional arguments (JSON values)
	 * @param kwargs keyword arguments (JSON values)
	 * @param options options
	 * @param messageId the id, any JSON value
	 * @param messageTimestamp the timestamp, any JSON value
	 * @return the message
	 */
	public static Message fromWire(String queueName, String actorName, List<?> args, Map<String, ?> kwargs,
			Map<String, ?> options, Object messageId, Object messageTimestamp) {
		return wire(queueName, actorName, copy(cast(args)), copy(castMap(kwargs)), copy(castMap(options)), messageId,
				messageTimestamp);
	}

	/**
	 * Like {@link #fromWire} for collections the caller gives up: they are wrapped, not
	 * copied.
	 */
	static Message wire(String queueName, String actorName, List<Object> args, Map<String, Object> kwargs,
			Map<String, Object> options, Object messageId, Object messageTimestamp) {
		String id = (messageId instanceof String text) ? text : MessageValues.json(messageId);
		long timestamp;
		if (messageTimestamp instanceof Long millis) {
			timestamp = millis;
		}
		else {
			OptionalLong millis = MessageValues.epochMillis(messageTimestamp);
			timestamp = millis.isPresent() ? millis.getAsLong() : System.currentTimeMillis();
		}
		return new Message(queueName, actorName, wrap(args), wrap(kwargs), wrap(options), messageId, id,
				messageTimestamp, timestamp);
	}

	/**
	 * Return a new random message id: a lowercase UUID4 string.
	 * @return the id
	 */
	public static String newMessageId() {
		return UUID.randomUUID().toString();
	}

	/**
	 * Return the queue the message sits on.
	 * @return the canonical name, or the delay queue name ({@code Q.DQ}) for a delayed
	 * message
	 */
	public String queueName() {
		return this.queueName;
	}

	/**
	 * Return the actor that runs the message.
	 * @return the actor name
	 */
	public String actorName() {
		return this.actorName;
	}

	/**
	 * Return the positional arguments.
	 * @return the JSON values, unmodifiable
	 */
	public List<Object> args() {
		return this.args;
	}

	/**
	 * Return the keyword arguments.
	 * @return the JSON values by name, unmodifiable
	 */
	public Map<String, Object> kwargs() {
		return this.kwargs;
	}

	/**
	 * Return the options.
	 * @return the options in their order, unmodifiable
	 */
	public Map<String, Object> options() {
		return this.options;
	}

	/**
	 * Return the message id as text: the id itself, or the JSON text of an id another
	 * producer wrote as something else than a string (such as {@code 42}).
	 * @return the id
	 */
	public String messageId() {
		return this.messageId;
	}

	/**
	 * Return the message id as it travels.
	 * @return a string, or the JSON value another producer wrote
	 */
	public Object messageIdValue() {
		return this.messageIdValue;
	}

	/**
	 * Return when the message was created, in epoch milliseconds. For a timestamp that
	 * does not name a time ({@link #messageTimestampMillis()} is empty), the time the
	 * message was decoded.
	 * @return epoch milliseconds
	 */
	public long messageTimestamp() {
		return this.messageTimestamp;
	}

	/**
	 * Return the timestamp as it travels.
	 * @return a {@link Long}, or the JSON value another producer wrote (a float, ISO-8601
	 * text, {@code null}, ...)
	 */
	public Object messageTimestampValue() {
		return this.messageTimestampValue;
	}

	/**
	 * Return the timestamp in epoch milliseconds if it names a time: a number (rounded
	 * down) or ISO-8601 text.
	 * @return the time, or empty when the timestamp is something else
	 */
	public OptionalLong messageTimestampMillis() {
		if (this.messageTimestampValue instanceof Long) {
			return OptionalLong.of(this.messageTimestamp);
		}
		return MessageValues.epochMillis(this.messageTimestampValue);
	}

	/**
	 * Return a copy with the given options merged in: new keys are appended, existing
	 * keys keep their position and take the new value.
	 * @param extra the options to merge
	 * @return the copy
	 */
	public Message withOptions(Map<String, ?> extra) {
		Map<String, Object> merged = new LinkedHashMap<>(this.options);
		merged.putAll(extra);
		return withOwnOptions(merged);
	}

	/**
	 * Return a copy with one option set (appended if new, replaced in place otherwise).
	 * @param key the option key
	 * @param value the value
	 * @return the copy
	 */
	public Message withOption(String key, Object value) {
		Map<String, Object> merged = new LinkedHashMap<>(this.options);
		merged.put(key, value);
		return withOwnOptions(merged);
	}

	/**
	 * Return a copy without the given option.
	 * @param key the option key
	 * @return the copy, or this message if it had no such option
	 */
	public Message withoutOption(String key) {
		if (!this.options.containsKey(key)) {
			return this;
		}
		Map<String, Object> copy = new LinkedHashMap<>(this.options);
		copy.remove(key);
		return withOwnOptions(copy);
	}

	/**
	 * Return a copy with all options replaced.
	 * @param options the new options
	 * @return the copy
	 */
	public Message withReplacedOptions(Map<String, ?> options) {
		return withOwnOptions(copy(castMap(options)));
	}

	/**
	 * Return a copy on another queue.
	 * @param queueName the queue name
	 * @return the copy
	 */
	public Message withQueueName(String queueName) {
		return new Message(queueName, this.actorName, this.args, this.kwargs, this.options, this.messageIdValue,
				this.messageId, this.messageTimestampValue, this.messageTimestamp);
	}

	/**
	 * Return a copy with other positional arguments.
	 * @param args the arguments
	 * @return the copy
	 */
	public Message withArgs(List<?> args) {
		return new Message(this.queueName, this.actorName, copy(cast(args)), this.kwargs, this.options,
				this.messageIdValue, this.messageId, this.messageTimestampValue, this.messageTimestamp);
	}

	private Message withOwnOptions(Map<String, Object> options) {
		return new Message(this.queueName, this.actorName, this.args, this.kwargs, wrap(options), this.messageIdValue,
				this.messageId, this.messageTimestampValue, this.messageTimestamp);
	}

	/**
	 * Return an option's value.
	 * @param key the option key
	 * @return the value, or {@code null} when absent or null
	 */
	public Object option(String key) {
		return this.options.get(key);
	}

	/**
	 * Return the envelope as an ordered map of its seven keys, with the id and timestamp
	 * as they travel: the shape callbacks receive.
	 * @return the envelope as a map
	 */
	public Map<String, Object> asMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("queue_name", this.queueName);
		map.put("actor_name", this.actorName);
		map.put("args", this.args);
		map.put("kwargs", this.kwargs);
		map.put("options", this.options);
		map.put("message_id", this.messageIdValue);
		map.put("message_timestamp", this.messageTimestampValue);
		return map;
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof Message that && this.queueName.equals(that.queueName)
				&& this.actorName.equals(that.actorName) && this.args.equals(that.args)
				&& this.kwargs.equals(that.kwargs) && this.options.equals(that.options)
				&& Objects.equals(this.messageIdValue, that.messageIdValue)
				&& Objects.equals(this.messageTimestampValue, that.messageTimestampValue));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.queueName, this.actorName, this.args, this.kwargs, this.options, this.messageIdValue,
				this.messageTimestampValue);
	}

	/**
	 * Return the call as Python shows it, for example {@code count_words('foo')}.
	 */
	@Override
	public String toString() {
		return PythonRepr.call(this.actorName, this.args, this.kwargs);
	}

	private static List<Object> copy(List<Object> list) {
		return (list != null) ? Collections.unmodifiableList(new ArrayList<>(list)) : List.of();
	}

	private static Map<String, Object> copy(Map<String, Object> map) {
		return (map != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(map)) : Map.of();
	}

	private static List<Object> wrap(List<Object> list) {
		return (list != null) ? Collections.unmodifiableList(list) : List.of();
	}

	private static Map<String, Object> wrap(Map<String, Object> map) {
		return (map != null) ? Collections.unmodifiableMap(map) : Map.of();
	}

	@SuppressWarnings("unchecked")
	private static List<Object> cast(List<?> list) {
		return (List<Object>) list;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castMap(Map<String, ?> map) {
		return (Map<String, Object>) map;
	}

}
