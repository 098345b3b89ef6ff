package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.middleware.DefaultMiddleware;
import io.dramatiq.middleware.TimeLimit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives a broker its middleware, the same for every kind of broker. Every auto-configured
 * broker goes through it, and an application that defines its own {@link Broker} bean can
 * inject it to get the same middleware:
 *
 * <pre class="code">
 * &#64;Bean
 * Broker broker(MessageEncoder encoder, DramatiqBrokerConfigurer configurer) {
 *     MyBroker broker = new MyBroker(encoder);
 *     configurer.configure(broker);
 *     return broker;
 * }
 * </pre>
 *
 * The chain is built, in this order, from:
 * <ol>
 * <li>Python Dramatiq's default middleware, in its order ({@link DefaultMiddleware}):
 * {@code AgeLimit}, {@code TimeLimit} (checked every
 * {@code dramatiq.middleware.time-limit.interval}), {@code ShutdownNotifications},
 * {@code Callbacks}, {@code Pipelines}, {@code Retries}, followed by
 * {@code CurrentMessage};</li>
 * <li>the application's {@link Middleware} beans, in {@code @Order}; a bean that is an
 * instance of a default's type (a {@code Retries} with other defaults, say) takes that
 * default's place instead;</li>
 * <li>the {@link DramatiqCustomizer} beans, in {@code @Order}, which may remove, replace
 * or insert middleware anywhere.</li>
 * </ol>
 */
public class DramatiqBrokerConfigurer {

	private static final Logger logger = LoggerFactory.getLogger(DramatiqBrokerConfigurer.class);

	private final List<Middleware> middleware;

	private final List<DramatiqCustomizer> customizers;

	private final Duration timeLimitInterval;

	/**
	 * Create a configurer.
	 * @param middleware the application's middleware, in order
	 * @param customizers the customizers, in order
	 * @param timeLimitInterval how often the {@link TimeLimit} middleware checks running
	 * actors
	 */
	public DramatiqBrokerConfigurer(List<? extends Middleware> middleware,
			List<? extends DramatiqCustomizer> customizers, Duration timeLimitInterval) {
		this.middleware = List.copyOf(Objects.requireNonNull(middleware, "'middleware' must not be null"));
		this.customizers = List.copyOf(Objects.requireNonNull(customizers, "'customizers' must not be null"));
		this.timeLimitInterval = Objects.requireNonNull(timeLimitInterval, "'timeLimitInterval' must not be null");
	}

	/**
	 * Add the middleware to a broker. Call it once per broker, before any actor is
	 * declared on it.
	 * @param broker the broker
	 */
	public void configure(Broker broker) {
		Objects.requireNonNull(broker, "'broker' must not be null");
		List<Middleware> chain = middleware();
		chain.forEach(broker::addMiddleware);
		logger.debug("Added middleware {} to the {} broker.", new MiddlewareChain(chain), broker.type());
	}

	/**
	 * Build the middleware chain: new default middleware, the application's, then the
	 * customizers' changes.
	 * @return the middleware, in order
	 */
	public List<Middleware> middleware() {
		List<Middleware> defaults = DefaultMiddleware.create(true);
		defaults.replaceAll((m) -> (m instanceof TimeLimit)
				? new TimeLimit(TimeLimit.DEFAULT_TIME_LIMIT, this.timeLimitInterval) : m);
		MiddlewareChain chain = new MiddlewareChain(defaults);
		Set<Class<? extends Middleware>> replaced = new HashSet<>();
		for (Middleware m : this.middleware) {
			Class<? extends Middleware> defaultType = defaultTypeOf(m, defaults);
			if (defaultType != null && replaced.add(defaultType)) {
				chain.replace(defaultType, m);
			}
			else {
				chain.add(m);
			}
		}
		this.customizers.forEach((customizer) -> customizer.customize(chain));
		return chain.middleware();
	}

	private static Class<? extends Middleware> defaultTypeOf(Middleware middleware, List<Middleware> defaults) {
		for (Middleware m : defaults) {
			if (m.getClass().isInstance(middleware)) {
				return m.getClass();
			}
		}
		return null;
	}

}
