package io.dramatiq.spring.boot.autoconfigure;

/**
 * Callback that edits the middleware of the auto-configured broker before any actor is
 * declared: remove or replace one of Python Dramatiq's defaults, or insert a middleware
 * before or after a given one. Customizer beans run in {@code @Order}, after the
 * application's {@code Middleware} beans have been appended, so they see the whole chain.
 *
 * <pre class="code">
 * &#64;Bean
 * DramatiqCustomizer noRetries() {
 *     return (chain) -&gt; chain.remove(Retries.class);
 * }
 * </pre>
 *
 * @see DramatiqBrokerConfigurer
 */
@FunctionalInterface
public interface DramatiqCustomizer {

	/**
	 * Edit the middleware chain.
	 * @param chain the middleware, in order
	 */
	void customize(MiddlewareChain chain);

}
