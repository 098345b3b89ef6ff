package io.dramatiq.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.dramatiq.broker.Middleware;

/**
 * The middleware a broker is about to get, in order, for {@link DramatiqCustomizer}s to
 * edit: Python Dramatiq's defaults, {@code CurrentMessage}, then the application's
 * {@code Middleware} beans. Like Python's {@code broker.add_middleware(m, before=...,
 * after=...)}, types are matched with {@code instanceof} and the first match counts.
 * Before hooks run in this order and after hooks in reverse, so where a middleware sits
 * decides what it sees (spec §8.1).
 *
 * <pre class="code">
 * &#64;Bean
 * DramatiqCustomizer middleware() {
 *     return (chain) -&gt; chain.replace(Retries.class, new Retries(5, Duration.ofSeconds(1), null, null))
 *         .addBefore(Retries.class, new AuditMiddleware())
 *         .remove(CurrentMessage.class);
 * }
 * </pre>
 */
public final class MiddlewareChain {

	private final List<Middleware> middleware;

	/**
	 * Create a chain.
	 * @param middleware the initial middleware, in order
	 */
	public MiddlewareChain(List<? extends Middleware> middleware) {
		Objects.requireNonNull(middleware, "'middleware' must not be null");
		this.middleware = new ArrayList<>(middleware);
	}

	/**
	 * Return the middleware, in order.
	 * @return an unmodifiable snapshot
	 */
	public List<Middleware> middleware() {
		return List.copyOf(this.middleware);
	}

	/**
	 * Return the first middleware of a type.
	 * @param <T> the type
	 * @param type the type, such as {@code Retries.class}
	 * @return the middleware, or empty if none is of that type
	 */
	public <T extends Middleware> Optional<T> find(Class<T> type) {
		Objects.requireNonNull(type, "'type' must not be null");
		return this.middleware.stream().filter(type::isInstance).map(type::cast).findFirst();
	}

	/**
	 * Return whether a middleware of a type is in the chain.
	 * @param type the type
	 * @return whether one is
	 */
	public boolean contains(Class<? extends Middleware> type) {
		return find(type).isPresent();
	}

	/**
	 * Append a middleware.
	 * @param middleware the middleware
	 * @return this chain
	 */
	public MiddlewareChain add(Middleware middleware) {
		this.middleware.add(Objects.requireNonNull(middleware, "'middleware' must not be null"));
		return this;
	}

	/**
	 * Insert a middleware just before the first one of a type.
	 * @param type the type to insert before
	 * @param middleware the middleware
	 * @return this chain
	 * @throws IllegalArgumentException if no middleware is of that type
	 */
	public MiddlewareChain addBefore(Class<? extends Middleware> type, Middleware middleware) {
		Objects.requireNonNull(middleware, "'middleware' must not be null");
		this.middleware.add(indexOf(type, "add " + describe(middleware) + " before it"), middleware);
		return this;
	}

	/**
	 * Insert a middleware just after the first one of a type.
	 * @param type the type to insert after
	 * @param middleware the middleware
	 * @return this chain
	 * @throws IllegalArgumentException if no middleware is of that type
	 */
	public MiddlewareChain addAfter(Class<? extends Middleware> type, Middleware middleware) {
		Objects.requireNonNull(middleware, "'middleware' must not be null");
		this.middleware.add(indexOf(type, "add " + describe(middleware) + " after it") + 1, middleware);
		return this;
	}

	/**
	 * Put a middleware in the place of the first one of a type.
	 * @param type the type to replace
	 * @param middleware the replacement
	 * @return this chain
	 * @throws IllegalArgumentException if no middleware is of that type
	 */
	public MiddlewareChain replace(Class<? extends Middleware> type, Middleware middleware) {
		Objects.requireNonNull(middleware, "'middleware' must not be null");
		this.middleware.set(indexOf(type, "replace it with " + describe(middleware)), middleware);
		return this;
	}

	/**
	 * Remove every middleware of a type; nothing happens if there is none. Removing
	 * {@code Retries}, for example, makes failed messages acked and dropped, as in Python
	 * Dramatiq without it.
	 * @param type the type
	 * @return this chain
	 */
	public MiddlewareChain remove(Class<? extends Middleware> type) {
		Objects.requireNonNull(type, "'type' must not be null");
		this.middleware.removeIf(type::isInstance);
		return this;
	}

	private int indexOf(Class<? extends Middleware> type, String action) {
		Objects.requireNonNull(type, "'type' must not be null");
		for (int i = 0; i < this.middleware.size(); i++) {
			if (type.isInstance(this.middleware.get(i))) {
				return i;
			}
		}
		throw new IllegalArgumentException(
				"Cannot " + action + ": no middleware is a " + type.getSimpleName() + ". The chain is " + this + ".");
	}

	private static String name(Middleware middleware) {
		try {
			if (middleware.getClass().getMethod("toString").getDeclaringClass() != Object.class) {
				return middleware.toString();
			}
		}
		catch (NoSuchMethodException ex) {
			// every class has toString()
		}
		return describe(middleware);
	}

	private static String describe(Middleware middleware) {
		return middleware.getClass().getSimpleName();
	}

	/**
	 * Return the chain as the simple class names of its middleware, or what their own
	 * {@code toString()} says when they override it.
	 */
	@Override
	public String toString() {
		return this.middleware.stream().map(MiddlewareChain::name).toList().toString();
	}

}
