package io.dramatiq.actor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.dramatiq.DramatiqException;
import io.dramatiq.message.Message;
import io.dramatiq.message.QueueNames;
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
 * A method whose one parameter is a {@link Message} is <em>raw</em>: it receives each
 * message whole, whatever its arguments, as a Python actor taking {@code *args, **kwargs}
 * does, and no message is rejected for its arguments.
 * <p>
 * What the method throws, checked exceptions included, is rethrown unchanged so that the
 * worker and the retry middleware see the actor's own exception; arguments that do not
 * bind are an {@link ArgumentBindingException}, thrown before the method runs. Parameter
 * types are resolved once, at construction.
 */
public final class MethodActorFunction implements ActorFunction {

	private final Object target;

	private final Method method;

	private final ArgumentBinder binder;

	/** Whether the method's one parameter is a {@link Message}: it takes any message. */
	private final boolean raw;

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
		this.description = describe(method);
		this.raw = method.getParameterCount() == 1 && method.getParameterTypes()[0] == Message.class;
		this.binder = new ArgumentBinder(method, mapper, this.description);
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
		List<Object> positional = (args != null) ? args : List.of();
		Map<String, Object> keywords = (kwargs != null) ? kwargs : Map.of();
		if (this.raw) {
			return invoke(new Object[] {
					Message.create(QueueNames.DEFAULT_QUEUE, this.method.getName(), positional, keywords, Map.of()) });
		}
		return invoke(this.binder.bind(positional, keywords));
	}

	/**
	 * Run the method for a message: a raw method gets the message itself, any other its
	 * arguments bound to the parameters.
	 * @param message the message
	 * @return what the method returns, {@code null} for {@code void}
	 * @throws ArgumentBindingException if the arguments do not fit the parameters
	 * @throws Exception whatever the method throws, unchanged
	 */
	@Override
	public Object call(Message message) throws Exception {
		return this.raw ? invoke(new Object[] { message }) : call(message.args(), message.kwargs());
	}

	/**
	 * Check, when a message is built, that its arguments bind to the parameters, as the
	 * worker will bind them. A raw method takes any arguments.
	 * @throws ArgumentBindingException if they do not, naming the parameter
	 */
	@Override
	public void checkArguments(List<Object> args, Map<String, Object> kwargs, List<?> given,
			Map<String, ?> givenKwargs) {
		if (!this.raw) {
			this.binder.check(args, kwargs, given, givenKwargs, 0);
		}
	}

	/**
	 * Check the arguments of a message that may become a pipeline step: one missing last
	 * positional argument is accepted, for the previous step's result.
	 * @throws ArgumentBindingException if they do not bind, even with one more argument
	 */
	@Override
	public void checkStepArguments(List<Object> args, Map<String, Object> kwargs, List<?> given,
			Map<String, ?> givenKwargs) {
		if (!this.raw) {
			this.binder.check(args, kwargs, given, givenKwargs, 1);
		}
	}

	/**
	 * Return whether the method takes whole messages: its one parameter is a
	 * {@link Message}.
	 * @return whether it is raw
	 */
	@Override
	public boolean isRaw() {
		return this.raw;
	}

	/**
	 * Return the method's generic return type; {@code Object} for {@code void}.
	 * @return the return type
	 */
	@Override
	public Type returnType() {
		Class<?> type = this.method.getReturnType();
		if (type == void.class || type == Void.class) {
			return Object.class;
		}
		return this.method.getGenericReturnType();
	}

	private Object invoke(Object[] values) throws Exception {
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
