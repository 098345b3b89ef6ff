package io.dramatiq.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.dramatiq.message.Message;

import org.springframework.util.ClassUtils;

/**
 * Checks, at start-up, a method of an {@link ActorClient @ActorClient} against the local
 * {@link io.dramatiq.actor.Actor @Actor} method it sends to, by the rules the worker
 * binds arguments with: no more positional arguments than parameters, keyword names that
 * are parameter names and not given positionally, a value for every parameter that is not
 * an {@link Optional}, and JSON kinds that agree (a string is not sent where the actor
 * takes a number, a list or a map). Types whose JSON form depends on the class (records,
 * POJOs, enums, {@code Object}) are not compared: {@link ActorProxy} checks the values on
 * each send.
 */
final class ActorClientCheck {

	private ActorClientCheck() {
	}

	/**
	 * Check a client method against a local actor.
	 * @param client the client method
	 * @param actor the actor method
	 * @throws ActorClientDefinitionException if they do not fit, naming both
	 */
	static void check(ActorClientMethod client, ActorMethod actor) {
		if (client.queueName() != null && !client.queueName().equals(actor.queueName())) {
			throw mismatch(client, actor,
					"names queue '" + client.queueName() + "' but the actor is on queue '" + actor.queueName() + "'",
					"Name queue '" + actor.queueName() + "' in @ActorRef (or @ActorClient), or leave it out.");
		}
		Method target = actor.method();
		Parameter[] parameters = target.getParameters();
		if (parameters.length == 1 && parameters[0].getType() == Message.class) {
			// a raw actor takes any arguments
			return;
		}
		Parameter[] sent = client.method().getParameters();
		int positional = client.positionalCount();
		if (positional > parameters.length) {
			throw mismatch(client, actor,
					"sends " + positional + " positional arguments but the actor method takes " + parameters.length,
					"Remove arguments, or send some as @Kwarg.");
		}
		Set<Integer> bound = new HashSet<>();
		int position = 0;
		for (int i = 0; i < sent.length; i++) {
			int index;
			if (client.isPositional(i)) {
				index = position++;
			}
			else if (client.kwargNames()[i] != null) {
				index = indexOf(client, actor, parameters, client.kwargNames()[i], positional);
			}
			else {
				continue;
			}
			bound.add(index);
			checkKinds(client, actor, sent[i], parameters[index]);
		}
		for (int i = 0; i < parameters.length; i++) {
			if (!bound.contains(i) && parameters[i].getType() != Optional.class) {
				throw mismatch(client, actor, "sends no value for parameter " + describe(parameters[i]),
						"Add a parameter for it (positional, or @Kwarg(\"" + parameters[i].getName()
								+ "\")), or make the actor's parameter an Optional.");
			}
		}
	}

	private static int indexOf(ActorClientMethod client, ActorMethod actor, Parameter[] parameters, String name,
			int positional) {
		for (int i = 0; i < parameters.length; i++) {
			if (parameters[i].isNamePresent() && parameters[i].getName().equals(name)) {
				if (i < positional) {
					throw mismatch(client, actor, "sends parameter '" + name + "' twice: as positional argument " + i
							+ " and as a keyword argument", "Send it either positionally or as @Kwarg.");
				}
				return i;
			}
		}
		if (parameters.length > 0 && !parameters[0].isNamePresent()) {
			throw mismatch(client, actor,
					"sends keyword argument '" + name + "' but the actor method was compiled without parameter names",
					"Compile the actor with '-parameters', or send the argument positionally.");
		}
		String known = Arrays.stream(parameters).map(Parameter::getName).collect(Collectors.joining(", "));
		throw mismatch(client, actor,
				"sends keyword argument '" + name + "' but the actor method has no such parameter",
				(parameters.length > 0) ? "Use one of its parameter names: " + known + "."
						: "Remove it: the actor method takes no arguments.");
	}

	private static void checkKinds(ActorClientMethod client, ActorMethod actor, Parameter sent, Parameter parameter) {
		JsonKind given = JsonKind.of(sent.getParameterizedType());
		JsonKind expected = JsonKind.of(parameter.getParameterizedType());
		if (given != JsonKind.ANY && expected != JsonKind.ANY && given != expected) {
			throw mismatch(client, actor,
					"sends " + sent.getType().getSimpleName() + " (a JSON " + given.text + ") for parameter "
							+ describe(parameter) + " (a JSON " + expected.text + ")",
					"Declare the client's parameter with a type the actor's parameter binds from.");
		}
	}

	private static ActorClientDefinitionException mismatch(ActorClientMethod client, ActorMethod actor, String problem,
			String action) {
		return new ActorClientDefinitionException("Actor client method " + client.describe() + " does not fit actor '"
				+ actor.actorName() + "' on " + actor.describe() + ": it " + problem + ".", action);
	}

	private static String describe(Parameter parameter) {
		return "'" + parameter.getName() + "' (" + parameter.getType().getSimpleName() + ")";
	}

	/**
	 * The JSON kind a Java type travels as, where it does not depend on the class.
	 */
	enum JsonKind {

		STRING("string"), NUMBER("number"), BOOLEAN("boolean"), ARRAY("array"), OBJECT("object"), ANY("value");

		private final String text;

		JsonKind(String text) {
			this.text = text;
		}

		static JsonKind of(Type type) {
			Class<?> raw = raw(type);
			if (raw == Optional.class && type instanceof ParameterizedType parameterized) {
				return of(parameterized.getActualTypeArguments()[0]);
			}
			Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(raw);
			if (boxed == String.class || boxed == Character.class || boxed == byte[].class) {
				return STRING;
			}
			if (Number.class.isAssignableFrom(boxed)) {
				return NUMBER;
			}
			if (boxed == Boolean.class) {
				return BOOLEAN;
			}
			if (boxed.isArray() || Collection.class.isAssignableFrom(boxed)) {
				return ARRAY;
			}
			if (Map.class.isAssignableFrom(boxed)) {
				return OBJECT;
			}
			return ANY;
		}

		private static Class<?> raw(Type type) {
			if (type instanceof Class<?> cls) {
				return cls;
			}
			if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> cls) {
				return cls;
			}
			return Object.class;
		}

	}

}
