package io.dramatiq.ratelimit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs an {@link io.dramatiq.actor.Actor @Actor} method only with a permit of a named
 * {@link RateLimiter}: the worker acquires the permit before the call and closes it
 * after, whether the call returned or threw. When no permit is left the call does not
 * happen and the message fails with {@link RateLimitExceededException}, which the Retries
 * middleware retries with backoff. This is the body Python Dramatiq users write by hand
 * ({@code with LIMITER.acquire(): ...}), moved into an annotation.
 * <p>
 * The name is that of a {@code RateLimiter} bean, such as one declared under
 * {@code dramatiq.rate-limiters.<name>.*}; a name no bean answers to stops the start.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RateLimited {

	/**
	 * The name of the {@link RateLimiter} bean whose permit the call needs.
	 * @return the bean name
	 */
	String value();

}
