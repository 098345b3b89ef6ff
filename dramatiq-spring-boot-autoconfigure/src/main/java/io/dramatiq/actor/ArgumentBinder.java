package io.dramatiq.actor;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.dramatiq.message.JsonNumbers;
import io.dramatiq.message.Message;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Binds a message's JSON arguments to a method's parameters, as Python calls a function
 * with {@code *args, **kwargs}: positional arguments in order, then keyword arguments by
 * parameter name, each converted to the parameter's full generic type with Jackson. Too
 * many arguments, a missing one (other than an {@link Optional}), an unknown keyword or a
 * parameter given twice is an {@link ArgumentBindingException}, where Python raises a
 * {@code TypeError}.
 * <p>
 * {@link #check} runs the same rules when a message is built, cheaply: an argument that
 * already is of its parameter's (non-generic) type needs no conversion, so only the
 * others are converted, and thrown away.
 */
final class ArgumentBinder {

	private final String description;

	private final JsonMapper mapper;

	private final Parameter[] parameters;

	private final JavaType[] types;

	/** Per parameter, a class whose instances need no conversion, or null. */
	private final Class<?>[] passThrough;

	/** Per parameter, a class whose instances, before encoding, bind without a check. */
	private final Class<?>[] sendable;

	private final Map<String, Integer> indexByName;

	ArgumentBinder(Method method, JsonMapper mapper, String description) {
		this.description = description;
		this.mapper = mapper;
		this.parameters = method.getParameters();
		this.types = new JavaType[this.parameters.length];
		this.passThrough = new Class<?>[this.parameters.length];
		this.sendable = new Class<?>[this.parameters.length];
		this.indexByName = new HashMap<>();
		for (int i = 0; i < this.parameters.length; i++) {
			JavaType type = mapper.getTypeFactory().constructType(this.parameters[i].getParameterizedType());
			this.types[i] = type;
			boolean simple = !type.isContainerType() && !type.isReferenceType() && type.containedTypeCount() == 0;
			this.passThrough[i] = simple ? box(type.getRawClass()) : null;
			this.sendable[i] = simple ? wrapper(type.getRawClass()) : null;
			this.indexByName.put(this.parameters[i].getName(), i);
		}
	}

	/**
	 * Bind arguments to the parameters.
	 * @param args positional arguments (JSON values)
	 * @param kwargs keyword arguments (JSON values)
	 * @return the parameter values
	 * @throws ArgumentBindingException if the arguments do not fit the parameters
	 */
	Object[] bind(List<Object> args, Map<String, Object> kwargs) {
		return bind(args, kwargs, null, null, 0);
	}

	/**
	 * Check that arguments bind to the parameters.
	 * @param args positional arguments (JSON values)
	 * @param kwargs keyword arguments (JSON values)
	 * @param given the positional arguments before encoding
	 * @param givenKwargs the keyword arguments before encoding
	 * @param suppliedLater how many positional arguments right after the given ones may
	 * be missing, because a pipeline will append them
	 * @throws ArgumentBindingException if they do not, naming the parameter
	 */
	void check(List<Object> args, Map<String, Object> kwargs, List<?> given, Map<String, ?> givenKwargs,
			int suppliedLater) {
		bind(args, kwargs, given, givenKwargs, suppliedLater);
	}

	private Object[] bind(List<Object> args, Map<String, Object> kwargs, List<?> given, Map<String, ?> givenKwargs,
			int suppliedLater) {
		int count = this.parameters.length;
		if (args.size() > count) {
			throw new ArgumentBindingException("Actor method " + this.description + " takes " + count
					+ plural(count, " argument") + " but the message has " + args.size() + " positional arguments.");
		}
		Object[] values = new Object[count];
		for (int i = 0; i < args.size(); i++) {
			Object original = (given != null) ? given.get(i) : null;
			values[i] = convert(i, args.get(i), original, given != null, "args[" + i + "]");
		}
		boolean[] bound = null;
		if (!kwargs.isEmpty()) {
			bound = new boolean[count];
			for (Map.Entry<String, Object> entry : kwargs.entrySet()) {
				int index = indexOf(entry.getKey());
				if (index < args.size()) {
					throw new ArgumentBindingException("Actor method " + this.description + " got parameter '"
							+ entry.getKey() + "' twice: as args[" + index + "] and as a keyword argument.");
				}
				Object original = (givenKwargs != null) ? givenKwargs.get(entry.getKey()) : null;
				values[index] = convert(index, entry.getValue(), original, givenKwargs != null,
						"kwargs['" + entry.getKey() + "']");
				bound[index] = true;
			}
		}
		for (int i = args.size() + suppliedLater; i < count; i++) {
			if (bound == null || !bound[i]) {
				values[i] = missing(i, args.size());
			}
		}
		return values;
	}

	private int indexOf(String name) {
		Integer index = this.indexByName.get(name);
		if (index != null && this.parameters[index].isNamePresent()) {
			return index;
		}
		if (this.parameters.length > 0 && !this.parameters[0].isNamePresent()) {
			throw new ArgumentBindingException(
					"Actor method " + this.description + " was compiled without parameter names, so keyword argument '"
							+ name + "' cannot be bound. Compile with '-parameters' (Maven: maven-compiler-plugin "
							+ "<parameters>true</parameters>; Gradle: options.compilerArgs << '-parameters').");
		}
		String known = (this.parameters.length > 0)
				? "Its parameters are: "
						+ Arrays.stream(this.parameters).map(Parameter::getName).collect(Collectors.joining(", "))
				: "It has no parameters";
		throw new ArgumentBindingException("Actor method " + this.description + " has no parameter named '" + name
				+ "' for the message's keyword argument. " + known + ".");
	}

	private Object missing(int index, int positional) {
		if (this.types[index].getRawClass() == Optional.class) {
			return Optional.empty();
		}
		throw new ArgumentBindingException("Actor method " + this.description + " is missing a value for parameter "
				+ parameterName(index) + ": the message has " + positional + plural(positional, " positional argument")
				+ " and no keyword argument '" + this.parameters[index].getName() + "'.");
	}

	private Object convert(int index, Object value, Object original, boolean checking, String source) {
		if (value == null) {
			if (this.parameters[index].getType().isPrimitive()) {
				throw new ArgumentBindingException("Cannot bind " + source + " to parameter " + parameterName(index)
						+ " of actor method " + this.description + ": the value is null (None) but the parameter is a "
						+ "primitive. Declare it with the wrapper type to accept null.");
			}
			if (this.types[index].getRawClass() == Optional.class) {
				return Optional.empty();
			}
			return null;
		}
		Class<?> direct = this.passThrough[index];
		if (direct != null && direct.isInstance(value)) {
			return value;
		}
		if (checking && this.sendable[index] != null && this.sendable[index].isInstance(original)) {
			// the caller passed an object of the parameter's type: it binds
			return original;
		}
		if (this.types[index].getRawClass() == Message.class && value instanceof Map<?, ?> envelope) {
			return message(index, envelope, source);
		}
		Object exact = exactNumber(index, value);
		if (exact != null) {
			return exact;
		}
		try {
			return this.mapper.convertValue(value, this.types[index]);
		}
		catch (JacksonException | IllegalArgumentException ex) {
			throw new ArgumentBindingException("Cannot bind " + source + " to parameter " + parameterName(index)
					+ " of actor method " + this.description + ": Jackson cannot convert a "
					+ value.getClass().getSimpleName() + " to " + simpleName(this.types[index])
					+ ". Check that senders pass arguments of the types the method declares.", ex);
		}
	}

	/**
	 * Read a message envelope, such as the one a callback receives, as Python's
	 * {@code Message(**fields)} does.
	 */
	@SuppressWarnings("unchecked")
	private Message message(int index, Map<?, ?> envelope, String source) {
		try {
			return Message.fromWire((String) envelope.get("queue_name"), (String) envelope.get("actor_name"),
					(List<Object>) envelope.get("args"), (Map<String, Object>) envelope.get("kwargs"),
					(Map<String, Object>) envelope.get("options"), envelope.get("message_id"),
					envelope.get("message_timestamp"));
		}
		catch (ClassCastException | NullPointerException ex) {
			throw new ArgumentBindingException("Cannot bind " + source + " to parameter " + parameterName(index)
					+ " of actor method " + this.description + ": it is not a message envelope (queue_name, "
					+ "actor_name, args, kwargs, options, message_id, message_timestamp).", ex);
		}
	}

	/**
	 * Convert a number without Jackson where Jackson would go through a double: to a
	 * {@code BigDecimal} with the digits of the message, to a {@code double} as Python
	 * reads the number.
	 */
	private Object exactNumber(int index, Object value) {
		if (!(value instanceof Number number)) {
			return null;
		}
		Class<?> target = this.types[index].getRawClass();
		if (target == BigDecimal.class) {
			try {
				return JsonNumbers.toBigDecimal(number);
			}
			catch (IllegalArgumentException ex) {
				// not finite: Jackson says why
				return null;
			}
		}
		if ((target == double.class || target == Double.class) && value instanceof BigDecimal decimal) {
			return decimal.doubleValue();
		}
		return null;
	}

	String parameterName(int index) {
		Parameter parameter = this.parameters[index];
		String name = parameter.isNamePresent() ? "'" + parameter.getName() + "'" : "#" + index;
		return name + " (" + simpleName(this.types[index]) + ")";
	}

	private static String simpleName(JavaType type) {
		String name = type.getRawClass().getSimpleName();
		if (type.isArrayType() || type.containedTypeCount() == 0) {
			return name;
		}
		StringBuilder out = new StringBuilder(name).append('<');
		for (int i = 0; i < type.containedTypeCount(); i++) {
			out.append((i > 0) ? ", " : "").append(simpleName(type.containedType(i)));
		}
		return out.append('>').toString();
	}

	private static String plural(int count, String noun) {
		return (count == 1) ? noun : noun + "s";
	}

	private static Class<?> wrapper(Class<?> type) {
		if (!type.isPrimitive()) {
			return type;
		}
		return switch (type.getName()) {
			case "int" -> Integer.class;
			case "long" -> Long.class;
			case "boolean" -> Boolean.class;
			case "double" -> Double.class;
			case "float" -> Float.class;
			case "short" -> Short.class;
			case "byte" -> Byte.class;
			default -> Character.class;
		};
	}

	private static Class<?> box(Class<?> type) {
		if (!type.isPrimitive()) {
			return type;
		}
		if (type == int.class) {
			return Integer.class;
		}
		if (type == long.class) {
			return Long.class;
		}
		if (type == boolean.class) {
			return Boolean.class;
		}
		if (type == double.class) {
			return Double.class;
		}
		// short, byte, char and float always go through Jackson
		return null;
	}

}
