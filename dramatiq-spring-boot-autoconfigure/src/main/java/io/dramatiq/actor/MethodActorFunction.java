package io.dramatiq.actor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.dramatiq.DramatiqException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link ActorFunction} that calls a Java method, binding a message's JSON arguments
 * to the method's parameters with the application's Jackson {@link JsonMapper}:
 * positional arguments in order, then keyword arguments by parameter name, each converted
 * to the parameter's full generic type (records, POJOs, {@code List<Order>},
 * {@code Map<String, Integer>}, primitives, enums...). Binding by name needs classes
 * compiled with {@code -parameters}. A missing {@link Optional} parameter is bound to
 * {@code Optional.empty()}, as a Python default of {@code None} would be.
 * <p>
 * What the method throws, checked exceptions included, is rethrown unchanged so that the
 * worker and the retry middleware see the actor's own exception. Parameter types are
 * resolved once, at construction.
 */
public final class MethodActorFunction implements ActorFunction {

	private final Object target;

	private final Method method;

	private final JsonMapper mapper;

	private final Parameter[] parameters;

	private final JavaType[] types;

	/** Per parameter, a class whose instances need no conversion, or null. */
	private final Class<?>[] passThrough;

	private final Map<String, Integer> indexByName;

	private final String description;

	/**
	 * Create a function that calls {@code method} on {@code target}.
	 * @param target the object to call the method on, or {@code null} for a static method
	 * @param method the method
	 * @param mapper the mapper that converts JSON values to parameter types
	 * @throws IllegalArgumentException if the target does not fit the method
	 */
	public MethodActorFunction(Object target, Method method, JsonMapper mapper) {
		Objects.requireNonNull(method, "'method' must not be null");
		Objects.requireNonNull(mapper, "'mapper' must not be null");
		if (!Modifier.isStatic(method.getModifiers()) && !method.getDeclaringClass().isInstance(target)) {
			throw new IllegalArgumentException("'target' must be an instance of " + method.getDeclaringClass().getName()
					+ " to call " + describe(method));
		}
		this.target = target;
		this.method = method;
		this.mapper = mapper;
		this.parameters = method.getParameters();
		this.types = new JavaType[this.parameters.length];
		this.passThrough = new Class<?>[this.parameters.length];
		this.indexByName = new HashMap<>();
		for (int i = 0; i < this.parameters.length; i++) {
			JavaType type = mapper.getTypeFactory().constructType(this.parameters[i].getParameterizedType());
			this.types[i] = type;
			boolean simple = !type.isContainerType() && !type.isReferenceType() && type.containedTypeCount() == 0;
			this.passThrough[i] = simple ? box(type.getRawClass()) : null;
			this.indexByName.put(this.parameters[i].getName(), i);
		}
		this.description = describe(method);
		// a public method of a package-private class needs this as well
		method.trySetAccessible();
	}

	/**
	 * Return the object the method is called on.
	 * @return the target, {@code null} for a static method
	 */
	public Object target() {
		return this.target;
	}

	/**
	 * Return the method this function calls.
	 * @return the method
	 */
	public Method method() {
		return this.method;
	}

	/**
	 * Bind the arguments and call the method.
	 * @param args positional arguments (JSON values)
	 * @param kwargs keyword arguments (JSON values), bound by parameter name
	 * @return what the method returns, {@code null} for {@code void}
	 * @throws ArgumentBindingException if the arguments do not fit the parameters
	 * @throws Exception whatever the method throws, unchanged
	 */
	@Override
	public Object call(List<Object> args, Map<String, Object> kwargs) throws Exception {
		Object[] values = bind((args != null) ? args : List.of(), (kwargs != null) ? kwargs : Map.of());
		try {
			return this.method.invoke(this.target, values);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
		catch (IllegalAccessException ex) {
			throw new DramatiqException("Cannot call actor method " + this.description
					+ ": it is not accessible. Make the method and its class public.", ex);
		}
		catch (IllegalArgumentException ex) {
			throw new ArgumentBindingException(
					"Cannot call actor method " + this.description + " with the bound arguments: " + ex.getMessage(),
					ex);
		}
	}

	private Object[] bind(List<Object> args, Map<String, Object> kwargs) {
		int count = this.parameters.length;
		if (args.size() > count) {
			throw new ArgumentBindingException("Actor method " + this.description + " takes " + count
					+ plural(count, " argument") + " but the message has " + args.size() + " positional arguments.");
		}
		Object[] values = new Object[count];
		for (int i = 0; i < args.size(); i++) {
			values[i] = convert(i, args.get(i), "args[" + i + "]");
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
				values[index] = convert(index, entry.getValue(), "kwargs['" + entry.getKey() + "']");
				bound[index] = true;
			}
		}
		for (int i = args.size(); i < count; i++) {
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

	private Object convert(int index, Object value, String source) {
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

	private String parameterName(int index) {
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

	private static String describe(Method method) {
		Class<?> type = method.getDeclaringClass();
		String owner = type.getSimpleName().isEmpty() ? type.getName() : type.getSimpleName();
		String parameters = Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", "));
		return owner + "." + method.getName() + "(" + parameters + ")";
	}

	/**
	 * Return the method as {@code SimpleClassName.method(ParamType, ...)}, as error
	 * messages show it.
	 */
	@Override
	public String toString() {
		return this.description;
	}

}
