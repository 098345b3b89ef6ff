package io.dramatiq.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.dramatiq.message.Message;
import io.dramatiq.message.QueueNames;
import io.dramatiq.results.MessageResult;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * The shape of one method of an {@link ActorClient @ActorClient} interface: which actor
 * it sends to and what each parameter becomes in the message.
 *
 * @param method the interface method
 * @param actorName the actor name
 * @param queueName the queue named by {@link ActorRef#queue()} or
 * {@link ActorClient#queue()}, or {@code null} when neither names one
 * @param returns what the method returns
 * @param resultType the {@code T} of a {@code MessageResult<T>} return type, else
 * {@code null}
 * @param kwargNames per parameter, its keyword name, or {@code null} when it is no
 * keyword argument
 * @param optionsIndex the index of the {@link SendOptions} parameter, or {@code -1}
 * @param delayIndex the index of the {@link Delay @Delay} parameter, or {@code -1}
 */
record ActorClientMethod(Method method, String actorName, String queueName, Returns returns, Type resultType,
		String[] kwargNames, int optionsIndex, int delayIndex) {

	/**
	 * What a client method returns.
	 */
	enum Returns {

		/** Nothing. */
		VOID,

		/** The message as enqueued. */
		MESSAGE,

		/** A handle on the message's result. */
		RESULT

	}

	/**
	 * Read the abstract methods of a client interface, sorted so start-up is repeatable.
	 * @param client the interface
	 * @return the methods
	 * @throws ActorClientDefinitionException if a method has a shape a client cannot send
	 */
	static List<ActorClientMethod> find(Class<?> client) {
		if (!client.isInterface()) {
			throw new ActorClientDefinitionException("@ActorClient " + client.getName() + " is not an interface.",
					"Declare typed actor clients as interfaces; the application provides their implementation.");
		}
		ActorClient annotation = AnnotatedElementUtils.findMergedAnnotation(client, ActorClient.class);
		String clientQueue = (annotation != null && StringUtils.hasLength(annotation.queue())) ? annotation.queue()
				: null;
		List<ActorClientMethod> found = new ArrayList<>();
		for (Method method : client.getMethods()) {
			if (method.getDeclaringClass() == Object.class) {
				continue;
			}
			boolean referenced = AnnotatedElementUtils.hasAnnotation(method, ActorRef.class);
			if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
				if (referenced) {
					throw new ActorClientDefinitionException(
							"Actor client method " + describe(method) + " has @ActorRef but is a "
									+ (method.isDefault() ? "default" : "static")
									+ " method, which runs its own code and sends nothing.",
							"Remove @ActorRef, or make the method abstract so it sends to the actor.");
				}
				continue;
			}
			found.add(of(method, clientQueue));
		}
		found.sort(Comparator.comparing(ActorClientMethod::describe));
		return found;
	}

	private static ActorClientMethod of(Method method, String clientQueue) {
		ActorRef ref = AnnotatedElementUtils.findMergedAnnotation(method, ActorRef.class);
		String actorName = (ref != null && StringUtils.hasLength(ref.name())) ? ref.name() : method.getName();
		String queueName = (ref != null && StringUtils.hasLength(ref.queue())) ? ref.queue() : clientQueue;
		if (queueName != null) {
			try {
				QueueNames.validate(queueName);
			}
			catch (IllegalArgumentException ex) {
				throw new ActorClientDefinitionException(
						"Actor client method " + describe(method) + " of actor '" + actorName + "': " + ex.getMessage(),
						"Change the queue of @ActorRef or @ActorClient to a valid name such as 'default'.", ex);
			}
		}
		Returns returns = returns(method);
		Type resultType = (returns == Returns.RESULT) ? resultType(method) : null;
		Parameter[] parameters = method.getParameters();
		String[] kwargNames = new String[parameters.length];
		int optionsIndex = -1;
		int delayIndex = -1;
		Map<String, Integer> kwargs = new HashMap<>();
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			boolean delay = parameter.isAnnotationPresent(Delay.class);
			Kwarg kwarg = parameter.getAnnotation(Kwarg.class);
			if (parameter.getType() == SendOptions.class) {
				if (optionsIndex >= 0) {
					throw invalid(method, "has two SendOptions parameters",
							"Keep one SendOptions parameter and chain the options with withOption(key, value).");
				}
				if (delay || kwarg != null) {
					throw invalid(method, "annotates its SendOptions parameter with @Delay or @Kwarg",
							"Remove the annotation: a SendOptions parameter carries the delay and message options.");
				}
				optionsIndex = i;
			}
			else if (delay) {
				if (delayIndex >= 0) {
					throw invalid(method, "has two @Delay parameters", "Keep one @Delay parameter.");
				}
				if (!isDelayType(parameter.getType())) {
					throw invalid(method,
							"has @Delay on parameter " + describe(parameter, i) + " of type "
									+ parameter.getType().getSimpleName(),
							"Declare the delay as a java.time.Duration, or a long number of milliseconds.");
				}
				if (kwarg != null) {
					throw invalid(method, "has both @Delay and @Kwarg on parameter " + describe(parameter, i),
							"Keep one of them: a delay is no argument of the actor.");
				}
				delayIndex = i;
			}
			else if (kwarg != null) {
				String name = kwargName(method, parameter, i, kwarg);
				Integer previous = kwargs.putIfAbsent(name, i);
				if (previous != null) {
					throw invalid(method, "sends keyword argument '" + name + "' twice",
							"Give each @Kwarg parameter its own name.");
				}
				kwargNames[i] = name;
			}
		}
		return new ActorClientMethod(method, actorName, queueName, returns, resultType, kwargNames, optionsIndex,
				delayIndex);
	}

	private static Returns returns(Method method) {
		Class<?> type = method.getReturnType();
		if (type == void.class) {
			return Returns.VOID;
		}
		if (type == Message.class) {
			return Returns.MESSAGE;
		}
		if (type == MessageResult.class) {
			return Returns.RESULT;
		}
		throw invalid(method, "returns " + method.getGenericReturnType().getTypeName(),
				"Return void, Message (the message sent) or MessageResult<T> (a handle on its result).");
	}

	private static Type resultType(Method method) {
		if (method.getGenericReturnType() instanceof ParameterizedType parameterized) {
			Type argument = parameterized.getActualTypeArguments()[0];
			if (argument instanceof Class<?> || argument instanceof ParameterizedType) {
				return argument;
			}
		}
		return Object.class;
	}

	private static boolean isDelayType(Class<?> type) {
		return type == Duration.class || type == long.class || type == Long.class;
	}

	private static String kwargName(Method method, Parameter parameter, int index, Kwarg kwarg) {
		if (StringUtils.hasLength(kwarg.value())) {
			return kwarg.value();
		}
		if (!parameter.isNamePresent()) {
			throw invalid(method,
					"has @Kwarg without a name on parameter #" + index + ", and was compiled without parameter names",
					"Name the keyword with @Kwarg(\"name\"), or compile with '-parameters'.");
		}
		return parameter.getName();
	}

	private static ActorClientDefinitionException invalid(Method method, String problem, String action) {
		return new ActorClientDefinitionException("Actor client method " + describe(method) + " " + problem + ".",
				action);
	}

	/**
	 * Return the number of positional arguments the method sends.
	 * @return the count
	 */
	int positionalCount() {
		int count = 0;
		for (int i = 0; i < this.kwargNames.length; i++) {
			if (isPositional(i)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Return whether a parameter is sent as a positional argument.
	 * @param index the parameter index
	 * @return whether it is
	 */
	boolean isPositional(int index) {
		return index != this.optionsIndex && index != this.delayIndex && this.kwargNames[index] == null;
	}

	/**
	 * Describe the method as {@code Interface.method(Params)}, for messages.
	 * @return the description
	 */
	String describe() {
		return describe(this.method);
	}

	static String describe(Method method) {
		String parameters = Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", "));
		return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + parameters + ")";
	}

	private static String describe(Parameter parameter, int index) {
		return parameter.isNamePresent() ? "'" + parameter.getName() + "'" : "#" + index;
	}

}
