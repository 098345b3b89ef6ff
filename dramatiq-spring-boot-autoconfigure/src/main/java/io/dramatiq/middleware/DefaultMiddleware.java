package io.dramatiq.middleware;

import java.util.ArrayList;
import java.util.List;

import io.dramatiq.broker.Middleware;

/**
 * Python Dramatiq's default middleware, in its order
 * ({@code dramatiq/middleware/__init__.py}): {@link AgeLimit}, {@link TimeLimit},
 * {@link ShutdownNotifications}, {@link Callbacks}, {@link Pipelines}, {@link Retries}.
 * Brokers start without middleware; whoever builds the broker adds these (the Spring
 * auto-configuration does), then optional ones such as {@link CurrentMessage} or results.
 * Before hooks run in this order and after hooks in reverse, so {@code Retries} updates a
 * failed message's options before {@code Callbacks} reports it.
 */
public final class DefaultMiddleware {

	private DefaultMiddleware() {
	}

	/**
	 * Create the default middleware with Python's defaults.
	 * @return a new, mutable list, in order
	 */
	public static List<Middleware> create() {
		return create(false);
	}

	/**
	 * Create the default middleware with Python's defaults.
	 * @param currentMessage whether to append {@link CurrentMessage}
	 * @return a new, mutable list, in order
	 */
	public static List<Middleware> create(boolean currentMessage) {
		List<Middleware> middleware = new ArrayList<>(List.of(new AgeLimit(), new TimeLimit(),
				new ShutdownNotifications(), new Callbacks(), new Pipelines(), new Retries()));
		if (currentMessage) {
			middleware.add(new CurrentMessage());
		}
		return middleware;
	}

}
