package io.dramatiq.middleware;

import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Decides whether a failed message is retried, as the {@code retry_when} predicate of
 * Python Dramatiq's {@code Retries}. When an actor (or the {@link Retries} middleware)
 * has one, it replaces {@code max_retries}.
 */
@FunctionalInterface
public interface RetryWhen {

	/**
	 * Decide whether to retry.
	 * @param retries how many times the message failed before this failure (0 on the
	 * first failure)
	 * @param exception the exception of this failure
	 * @return whether to retry; {@code false} dead-letters the message
	 */
	boolean shouldRetry(int retries, Throwable exception);

	/**
	 * Adapt a predicate.
	 * @param predicate a predicate of the retry count and the exception
	 * @return the equivalent {@code RetryWhen}
	 */
	static RetryWhen of(BiPredicate<Integer, Throwable> predicate) {
		Objects.requireNonNull(predicate, "'predicate' must not be null");
		return predicate::test;
	}

	/**
	 * Adapt an object given for the {@code retry_when} option: a {@code RetryWhen} is
	 * kept and a {@code BiPredicate<Integer, Throwable>} is wrapped.
	 * @param target the object
	 * @return the predicate
	 * @throws IllegalArgumentException for any other object
	 */
	@SuppressWarnings("unchecked")
	static Object adapt(Object target) {
		if (target instanceof RetryWhen retryWhen) {
			return retryWhen;
		}
		if (target instanceof BiPredicate<?, ?> predicate) {
			return of((BiPredicate<Integer, Throwable>) predicate);
		}
		throw new IllegalArgumentException("use a RetryWhen or a BiPredicate<Integer, Throwable>"
				+ ((target != null) ? ", not a " + target.getClass().getName() : "") + ".");
	}

}
