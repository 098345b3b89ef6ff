package io.dramatiq.actor;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

import io.dramatiq.message.DecodeException;
import io.dramatiq.message.EncodeException;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.util.TokenBuffer;

/**
 * Turns the Java objects given to {@code send(...)} into the plain JSON values a
 * {@link Message} carries, with the application's Jackson {@link JsonMapper}: records,
 * POJOs, collections, arrays, enums, {@code java.time} values and {@code Optional} become
 * what Jackson writes for them. Plain values ({@code null}, strings, booleans, integers
 * of any size, doubles and {@code BigDecimal}s) pass through unchanged, so they stay
 * exact; inside other objects, integers come back exact as the smallest of
 * {@code Integer}, {@code Long} and {@code BigInteger} that holds them,
 * {@code BigDecimal}s as themselves (they travel as their exact number text) and other
 * floating-point numbers as {@code Double}.
 * <p>
 * Objects that cannot travel in a message (threads, streams and other resources, lambdas,
 * beans without properties, cyclic graphs) are rejected with an {@link EncodeException}
 * that names the argument. Thread-safe.
 */
public final class ArgumentEncoder {

	/** Deepest nesting of a value, as the message encoder allows. */
	private static final int MAX_DEPTH = 1000;

	private final ObjectMapper mapper;

	private final JsonMessageEncoder values = new JsonMessageEncoder();

	/**
	 * Create an encoder that serialises with the given mapper's configuration. Beans
	 * without properties are always rejected, since sending one loses its state, and
	 * non-finite doubles stay numbers, as Python writes them.
	 * @param mapper the application's mapper
	 */
	public ArgumentEncoder(JsonMapper mapper) {
		Objects.requireNonNull(mapper, "'mapper' must not be null");
		this.mapper = mapper.rebuild()
			.enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
			.build();
	}

	/**
	 * Encode positional arguments.
	 * @param args the arguments
	 * @return the plain JSON values, in order
	 * @throws EncodeException naming the first argument that cannot be encoded, as
	 * {@code args[1]}
	 */
	public List<Object> encodeArgs(Object... args) {
		Objects.requireNonNull(args, "'args' must not be null");
		List<Object> values = new ArrayList<>(args.length);
		for (int i = 0; i < args.length; i++) {
			values.add(encode(args[i], "args[" + i + "]"));
		}
		return values;
	}

	/**
	 * Encode keyword arguments.
	 * @param kwargs the arguments by name
	 * @return the plain JSON values, in the map's order
	 * @throws EncodeException naming the first argument that cannot be encoded, as
	 * {@code kwargs['user']}
	 */
	public Map<String, Object> encodeKwargs(Map<String, ?> kwargs) {
		Objects.requireNonNull(kwargs, "'kwargs' must not be null");
		Map<String, Object> values = new LinkedHashMap<>();
		kwargs.forEach((name, value) -> values.put(name, encode(value, "kwargs['" + name + "']")));
		return values;
	}

	/**
	 * Encode one value.
	 * @param value the value
	 * @param name how error messages refer to the value, for example {@code args[0]} or
	 * {@code argument 'order'}
	 * @return the plain JSON value
	 * @throws EncodeException if the value cannot travel in a message
	 */
	public Object encode(Object value, String name) {
		if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer
				|| value instanceof Long || value instanceof Double || value instanceof BigInteger
				|| value instanceof BigDecimal) {
			return value;
		}
		if (value instanceof Message message) {
			// the envelope, as callbacks send a message
			return encode(message.asMap(), name);
		}
		String problem = unsendable(value.getClass());
		if (problem != null) {
			throw failure(name, value, problem, null);
		}
		TokenBuffer tokens = TokenBuffer.forGeneration();
		try {
			this.mapper.writeValue(new NestingLimitedGenerator(tokens, MAX_DEPTH), value);
		}
		catch (JacksonException ex) {
			throw failure(name, value, "Jackson cannot serialise it (" + reason(ex) + ")", ex);
		}
		try {
			// Jackson's tokens keep each number's type: a BigDecimal stays exact, a
			// double a double
			return this.values.decodeValue(tokens.asParser(ObjectReadContext.empty()));
		}
		catch (DecodeException ex) {
			// something other than JSON values among them (binary data, raw JSON): read
			// Jackson's text instead
			return encodeAsText(value, name);
		}
		finally {
			tokens.close();
		}
	}

	private Object encodeAsText(Object value, String name) {
		byte[] json;
		try {
			json = this.mapper.writeValueAsBytes(value);
		}
		catch (JacksonException ex) {
			throw failure(name, value, "Jackson cannot serialise it (" + reason(ex) + ")", ex);
		}
		try {
			return this.values.decodeValue(json);
		}
		catch (DecodeException ex) {
			throw failure(name, value, "Jackson's JSON for it cannot be read back (" + ex.getMessage() + ")", ex);
		}
	}

	private static String unsendable(Class<?> type) {
		if (type.isSynthetic() || type.isHidden()) {
			return "lambdas and other generated classes have no data to send";
		}
		if (Thread.class.isAssignableFrom(type) || ThreadGroup.class.isAssignableFrom(type)
				|| Executor.class.isAssignableFrom(type) || Future.class.isAssignableFrom(type)) {
			return "threads, executors and futures only make sense inside this process";
		}
		if (AutoCloseable.class.isAssignableFrom(type) || ClassLoader.class.isAssignableFrom(type)) {
			return "streams, connections and other resources only make sense inside this process";
		}
		return null;
	}

	private static String reason(JacksonException ex) {
		String message = ex.getOriginalMessage();
		return (message != null) ? message : ex.getClass().getName();
	}

	private static EncodeException failure(String name, Object value, String problem, Throwable cause) {
		String message = "Cannot send " + name + " of type " + value.getClass().getName() + " in a message: " + problem
				+ ". Make it a record or POJO Jackson can serialise, or pass an id the actor can look "
				+ "the object up with.";
		return (cause != null) ? new EncodeException(message, cause) : new EncodeException(message);
	}

}
