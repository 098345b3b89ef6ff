package io.dramatiq.middleware;

import io.dramatiq.DramatiqException;
import io.dramatiq.PythonName;

/**
 * Base class of the interruptions a middleware inflicts on a running actor, as Python
 * Dramatiq's {@code Interrupt}: {@link TimeLimitExceededException} and
 * {@link ShutdownException}.
 * <p>
 * Java cannot raise an exception inside another thread, so an interruption is delivered
 * by {@linkplain Thread#interrupt() interrupting} the worker thread (see
 * {@link Interrupts}). An interruption is an ordinary failure for the rest of the chain:
 * {@link Retries} retries it and {@link Callbacks} reports it, by its Python name and
 * with an empty text. Unlike Python's {@code Interrupt}, which is a
 * {@code BaseException}, a {@code catch (Exception e)} in actor code also catches it.
 */
@PythonName("Interrupt")
public abstract class InterruptException extends DramatiqException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	protected InterruptException(String message) {
		super(message);
	}

	/**
	 * Return whether {@link Retries} may retry a message that failed with this
	 * interruption. True for time limits and shutdowns; an aborted message is not
	 * retried.
	 * @return whether the message may be retried
	 */
	public boolean isRetryable() {
		return true;
	}

	/**
	 * Return an empty text, as Python reports its interrupts, even though the Java
	 * message describes the interruption for logs.
	 * @return an empty string
	 */
	@Override
	public String pythonText() {
		return "";
	}

}
