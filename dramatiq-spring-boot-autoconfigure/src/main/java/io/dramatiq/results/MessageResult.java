package io.dramatiq.results;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

import io.dramatiq.message.Message;

/**
 * The result of one message, typed ({@code message.get_result(...)} in Python). Obtained
 * from {@link Results#result} (or an actor proxy); the value is converted to the actor
 * method's return type when the actor is declared here, or to the type asked for with
 * {@link #as(Class)}.
 *
 * @param <T> the result type
 */
public final class MessageResult<T> {

	private final Results results;

	private final Message message;

	private final JavaType type;

	MessageResult(Results results, Message message, JavaType type) {
		this.results = Objects.requireNonNull(results, "'results' must not be null");
		this.message = Objects.requireNonNull(message, "'message' must not be null");
		this.type = Objects.requireNonNull(type, "'type' must not be null");
	}

	/**
	 * Return the message.
	 * @return the message
	 */
	public Message message() {
		return this.message;
	}

	/**
	 * Wait for the result up to {@link ResultBackend#DEFAULT_TIMEOUT}.
	 * @return the result
	 * @throws ResultTimeoutException if none is stored in time
	 * @throws ResultFailureException if the actor failed
	 * @throws ResultBindingException if the stored value does not fit the type
	 */
	public T get() {
		return get(ResultBackend.DEFAULT_TIMEOUT);
	}

	/**
	 * Wait for the result.
	 * @param timeout how long to wait; sub-second timeouts are honoured
	 * @return the result
	 * @throws ResultTimeoutException if none is stored in time
	 * @throws ResultFailureException if the actor failed
	 * @throws ResultBindingException if the stored value does not fit the type
	 */
	public T get(Duration timeout) {
		return convert(this.results.backend().getResult(this.message, timeout));
	}

	/**
	 * Read the result without waiting.
	 * @return the result
	 * @throws ResultMissingException if none is stored yet
	 * @throws ResultFailureException if the actor failed
	 * @throws ResultBindingException if the stored value does not fit the type
	 */
	public T getNow() {
		return convert(this.results.backend().getResult(this.message));
	}

	/**
	 * Return whether a result (or a failure) is stored.
	 * @return whether the message completed
	 */
	public boolean isCompleted() {
		return this.results.backend().isStored(this.message);
	}

	/**
	 * Return a future completed with the result, or exceptionally with the
	 * {@link ResultException} a blocking {@link #get(Duration)} would throw. The wait
	 * runs on a daemon thread of the {@link Results} middleware's pool.
	 * @param timeout how long to wait
	 * @return the future
	 */
	public CompletableFuture<T> toFuture(Duration timeout) {
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		return CompletableFuture.supplyAsync(() -> get(timeout), this.results.executor());
	}

	/**
	 * Return a view of this result converted to another type.
	 * @param <U> the type
	 * @param type the type
	 * @return the view
	 */
	public <U> MessageResult<U> as(Class<U> type) {
		Objects.requireNonNull(type, "'type' must not be null");
		return new MessageResult<>(this.results, this.message, this.results.mapper().constructType(type));
	}

	@SuppressWarnings("unchecked")
	private T convert(Object value) {
		if (this.type.getRawClass() == Object.class) {
			return (T) value;
		}
		try {
			return this.results.mapper().convertValue(value, this.type);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			String json = new String(this.results.backend().encoder().encodeValue(value), StandardCharsets.UTF_8);
			throw new ResultBindingException(
					"The result of message '" + this.message.messageId() + "' of actor '" + this.message.actorName()
							+ "' is a JSON " + jsonType(value) + " that cannot be converted to "
							+ this.type.toCanonical() + ": " + reason(ex) + " Stored value: " + abbreviate(json),
					json, ex);
		}
	}

	private static String reason(Exception ex) {
		String text = (ex instanceof JacksonException jackson) ? jackson.getOriginalMessage() : ex.getMessage();
		return (text != null) ? text.strip() + "." : ex.getClass().getSimpleName() + ".";
	}

	private static String abbreviate(String json) {
		return (json.length() <= 200) ? json : json.substring(0, 200) + "...";
	}

	private static String jsonType(Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof Map) {
			return "object";
		}
		if (value instanceof List) {
			return "array";
		}
		if (value instanceof String) {
			return "string";
		}
		if (value instanceof Boolean) {
			return "boolean";
		}
		return "number";
	}

}
