package io.dramatiq.message;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An immutable message envelope with the seven fields of Python Dramatiq's
 * {@code Message} ({@code dramatiq/message.py}), in their wire order.
 * <p>
 * Arguments, keyword arguments and option values are plain JSON values: {@code null},
 * {@link Boolean}, {@link String}, {@link Integer}, {@link Long},
 * {@link java.math.BigInteger}, {@link Double}, {@link List} and {@link Map} with string
 * keys ({@link Float} and {@link java.math.BigDecimal} are accepted too and travel as
 * Python floats). Options keep their insertion order and any key, known or not, so that a
 * message decoded from Python re-encodes byte for byte. Copies never change the original.
 *
 * @param queueName the queue the message sits on: the canonical name, or the delay queue
 * name ({@code Q.DQ}) for a delayed message
 * @param actorName the actor that runs the message
 * @param args positional arguments
 * @param kwargs keyword arguments
 * @param options options read and written by brokers and middleware
 * @param messageId a random UUID4, lowercase
 * @param messageTimestamp epoch milliseconds when the message was created
 */
public record Message(String queueName, String actorName, List<Object> args, Map<String, Object> kwargs,
		Map<String, Object> options, String messageId, long messageTimestamp) {

	public Message {
		Objects.requireNonNull(queueName, "'queueName' must not be null");
		Objects.requireNonNull(actorName, "'actorName' must not be null");
		Objects.requireNonNull(messageId, "'messageId' must not be null");
		args = (args != null) ? Collections.unmodifiableList(new ArrayList<>(args)) : List.of();
		kwargs = (kwargs != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(kwargs)) : Map.of();
		options = (options != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(options)) : Map.of();
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
	 * Return a new random message id: a lowercase UUID4 string.
	 * @return the id
	 */
	public static String newMessageId() {
		return UUID.randomUUID().toString();
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
		return new Message(this.queueName, this.actorName, this.args, this.kwargs, merged, this.messageId,
				this.messageTimestamp);
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
		return new Message(this.queueName, this.actorName, this.args, this.kwargs, merged, this.messageId,
				this.messageTimestamp);
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
		return new Message(this.queueName, this.actorName, this.args, this.kwargs, copy, this.messageId,
				this.messageTimestamp);
	}

	/**
	 * Return a copy with all options replaced.
	 * @param options the new options
	 * @return the copy
	 */
	public Message withReplacedOptions(Map<String, ?> options) {
		return new Message(this.queueName, this.actorName, this.args, this.kwargs, castMap(options), this.messageId,
				this.messageTimestamp);
	}

	/**
	 * Return a copy on another queue.
	 * @param queueName the queue name
	 * @return the copy
	 */
	public Message withQueueName(String queueName) {
		return new Message(queueName, this.actorName, this.args, this.kwargs, this.options, this.messageId,
				this.messageTimestamp);
	}

	/**
	 * Return a copy with other positional arguments.
	 * @param args the arguments
	 * @return the copy
	 */
	public Message withArgs(List<?> args) {
		return new Message(this.queueName, this.actorName, cast(args), this.kwargs, this.options, this.messageId,
				this.messageTimestamp);
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
	 * Return the envelope as an ordered map of its seven keys, the shape callbacks
	 * receive.
	 * @return the envelope as a map
	 */
	public Map<String, Object> asMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("queue_name", this.queueName);
		map.put("actor_name", this.actorName);
		map.put("args", this.args);
		map.put("kwargs", this.kwargs);
		map.put("options", this.options);
		map.put("message_id", this.messageId);
		map.put("message_timestamp", this.messageTimestamp);
		return map;
	}

	/**
	 * Return the call as Python shows it, for example {@code count_words('foo')}.
	 */
	@Override
	public String toString() {
		return PythonRepr.call(this.actorName, this.args, this.kwargs);
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
