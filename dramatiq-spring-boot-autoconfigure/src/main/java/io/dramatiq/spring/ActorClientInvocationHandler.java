package io.dramatiq.spring;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.dramatiq.message.Message;
import io.dramatiq.results.MessageResult;

/**
 * Runs the methods of an {@link ActorClient @ActorClient} proxy: an actor method sends
 * its arguments through the actor's {@link ActorProxy}, a default method runs its own
 * code, and {@code equals}, {@code hashCode} and {@code toString} answer for the proxy
 * itself.
 */
final class ActorClientInvocationHandler implements InvocationHandler {

	private final Class<?> client;

	private final Map<Method, Target> targets;

	/**
	 * Create a handler.
	 * @param client the interface
	 * @param targets what each abstract method sends to
	 */
	ActorClientInvocationHandler(Class<?> client, Map<Method, Target> targets) {
		this.client = client;
		this.targets = Map.copyOf(targets);
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		Target target = this.targets.get(method);
		if (target != null) {
			return target.send((args != null) ? args : new Object[0]);
		}
		if (method.isDefault()) {
			return invokeDefault(proxy, method, args);
		}
		return switch (method.getName()) {
			case "equals" -> proxy == args[0];
			case "hashCode" -> System.identityHashCode(proxy);
			case "toString" -> "ActorClient[" + this.client.getName() + "]";
			default -> throw new UnsupportedOperationException("Method " + ActorClientMethod.describe(method)
					+ " of actor client " + this.client.getName() + " sends to no actor.");
		};
	}

	private static Object invokeDefault(Object proxy, Method method, Object[] args) throws Throwable {
		Class<?> declaring = method.getDeclaringClass();
		if (Modifier.isPublic(declaring.getModifiers())) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		// a package-private interface is out of this class's reach: look it up from
		// inside, as Spring Data's default-method interceptor does
		MethodHandle handle = MethodHandles.privateLookupIn(declaring, MethodHandles.lookup())
			.unreflectSpecial(method, declaring)
			.bindTo(proxy);
		return handle.invokeWithArguments((args != null) ? args : new Object[0]);
	}

	/**
	 * Create a proxy that implements a client interface.
	 * @param <T> the interface type
	 * @param client the interface
	 * @param targets what each abstract method sends to
	 * @return the proxy
	 */
	static <T> T proxy(Class<T> client, Map<Method, Target> targets) {
		Object proxy = Proxy.newProxyInstance(client.getClassLoader(), new Class<?>[] { client },
				new ActorClientInvocationHandler(client, targets));
		return client.cast(proxy);
	}

	/**
	 * An abstract client method and the proxy of the actor it sends to.
	 *
	 * @param method the client method
	 * @param actor the actor's proxy
	 * @param results turns a sent message into a handle on its result of a given type,
	 * for methods returning {@code MessageResult}
	 */
	record Target(ActorClientMethod method, ActorProxy actor, BiFunction<Message, Type, MessageResult<?>> results) {

		Object send(Object[] values) {
			List<Object> args = new ArrayList<>(values.length);
			Map<String, Object> kwargs = new LinkedHashMap<>();
			SendOptions options = SendOptions.none();
			Duration delay = null;
			for (int i = 0; i < values.length; i++) {
				if (i == this.method.optionsIndex()) {
					options = (values[i] != null) ? (SendOptions) values[i] : SendOptions.none();
				}
				else if (i == this.method.delayIndex()) {
					delay = delay(values[i]);
				}
				else if (this.method.kwargNames()[i] != null) {
					kwargs.put(this.method.kwargNames()[i], values[i]);
				}
				else {
					args.add(values[i]);
				}
			}
			if (delay != null) {
				options = options.withDelay(delay);
			}
			Message sent = this.actor.sendWithOptions(args, kwargs, options);
			return switch (this.method.returns()) {
				case VOID -> null;
				case MESSAGE -> sent;
				case RESULT -> this.results.apply(sent, this.method.resultType());
			};
		}

		private static Duration delay(Object value) {
			if (value instanceof Duration duration) {
				return duration;
			}
			return (value != null) ? Duration.ofMillis((Long) value) : null;
		}

	}

}
