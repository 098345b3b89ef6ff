package io.dramatiq.actor;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean method as a Dramatiq actor, as the {@code @dramatiq.actor} decorator does
 * in Python. Sending to the actor enqueues a message; a worker later calls the method
 * with the message's arguments. Calling the method directly still runs it synchronously.
 * <p>
 * Attributes left at their defaults take the value from
 * {@code dramatiq.actors.defaults.*} or, failing that, Python Dramatiq's default.
 * {@code dramatiq.actors.<name>.*} and options given at send time override them.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Actor {

	/** Marker for an integer attribute that was not set. */
	int UNSET = Integer.MIN_VALUE;

	/**
	 * Value of {@link #maxRetries()} that retries forever ({@code max_retries=None} in
	 * Python).
	 */
	int RETRY_FOREVER = -1;

	/**
	 * Actor name, shared with Python services; defaults to the method name.
	 * @return the actor name
	 */
	String name() default "";

	/**
	 * Queue the actor's messages go to.
	 * @return the queue name
	 */
	String queueName() default "default";

	/**
	 * Priority among messages already fetched by a worker: lower runs first.
	 * @return the priority
	 */
	int priority() default 0;

	/**
	 * Maximum number of retries ({@code max_retries}); {@link #RETRY_FOREVER} retries
	 * forever.
	 * @return the maximum number of retries
	 */
	int maxRetries() default UNSET;

	/**
	 * Minimum backoff between retries ({@code min_backoff}), such as {@code 15s}.
	 * @return the minimum backoff
	 */
	String minBackoff() default "";

	/**
	 * Maximum backoff between retries ({@code max_backoff}), such as {@code 7d}.
	 * @return the maximum backoff
	 */
	String maxBackoff() default "";

	/**
	 * Time limit of one run ({@code time_limit}), such as {@code 30s}.
	 * @return the time limit
	 */
	String timeLimit() default "";

	/**
	 * Maximum age of a message before it is dead-lettered without running
	 * ({@code max_age}).
	 * @return the maximum age
	 */
	String maxAge() default "";

	/**
	 * Exception types that are never retried ({@code throws}).
	 * @return the exception types
	 */
	Class<? extends Throwable>[] throwsTypes() default {};

	/**
	 * Name of a bean implementing the retry predicate ({@code retry_when}).
	 * @return the bean name
	 */
	String retryWhen() default "";

	/**
	 * Actor to notify on success ({@code on_success}).
	 * @return the actor name
	 */
	String onSuccess() default "";

	/**
	 * Actor to notify on each failure ({@code on_failure}).
	 * @return the actor name
	 */
	String onFailure() default "";

	/**
	 * Actor to notify when retries are exhausted ({@code on_retry_exhausted}).
	 * @return the actor name
	 */
	String onRetryExhausted() default "";

	/**
	 * Whether the actor is interrupted when the worker shuts down
	 * ({@code notify_shutdown}).
	 * @return whether to notify on shutdown
	 */
	boolean notifyShutdown() default false;

	/**
	 * Whether the actor's return value is stored in the results backend
	 * ({@code store_results}), where callers and pipelines read it.
	 * @return whether to store results
	 */
	boolean storeResults() default false;

	/**
	 * How long a stored result is kept ({@code result_ttl}), such as {@code 1h}; 10
	 * minutes by default.
	 * @return the result's time to live
	 */
	String resultTtl() default "";

}
