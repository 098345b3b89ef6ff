package io.dramatiq.results;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.dramatiq.message.Message;

/**
 * The result of one message, typed ({@code message.get_result(...)} in Python). Obtained
 * from {@link Results#result} (or an actor proxy); the value is converted to the actor
 * method's return type when the actor is declared here, or to the type asked for with
 * {@link #as(Class)}.
 *
 * @param <T> the result type
 */
public final class MessageResult<T> {

	/**
	 * Return the message.
	 * @return the message
	 */
	public Message message() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Wait for the result up to {@link ResultBackend#DEFAULT_TIMEOUT}.
	 * @return the result
	 * @throws ResultTimeoutException if none is stored in time
	 * @throws ResultFailureException if the actor failed
	 * @throws ResultBindingException if the stored value does not fit the type
	 */
	public T get() {
		return get(ResultBackend.DEFAULT_TIMEOUT);
	}

	/**
	 * Wait for the result.
	 * @param timeout how long to wait; sub-second timeouts are honoured
	 * @return the result
	 * @throws ResultTimeoutException if none is stored in time
	 * @throws ResultFailureException if the actor failed
	 * @throws ResultBindingException if the stored value does not fit the type
	 */
	public T get(Duration timeout) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Read the result without waiting.
	 * @return the result
	 * @throws ResultMissingException if none is stored yet
	 * @throws ResultFailureException if the actor failed
	 * @throws ResultBindingException if the stored value does not fit the type
	 */
	public T getNow() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return whether a result (or a failure) is stored.
	 * @return whether the message completed
	 */
	public boolean isCompleted() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return a future completed with the result, or exceptionally with the
	 * {@link ResultException} a blocking {@link #get(Duration)} would throw.
	 * @param timeout how long to wait
	 * @return the future
	 */
	public CompletableFuture<T> toFuture(Duration timeout) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return a view of this result converted to another type.
	 * @param <U> the type
	 * @param type the type
	 * @return the view
	 */
	public <U> MessageResult<U> as(Class<U> type) {
		throw new UnsupportedOperationException("TODO");
	}

}
