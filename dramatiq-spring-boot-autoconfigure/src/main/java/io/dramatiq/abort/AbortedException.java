package io.dramatiq.abort;

import io.dramatiq.PythonName;
import io.dramatiq.middleware.InterruptException;

/**
 * Raised in a running actor whose message was aborted, as dramatiq-abort's {@code Abort};
 * reported as type {@code Abort} with an empty text. It reaches actor code as a time
 * limit does (see {@link io.dramatiq.middleware.Interrupts}): a blocked actor gets an
 * {@link InterruptedException} and fails with this exception, a looping one calls
 * {@link Abortable#check()}. An aborted message is not retried.
 */
@PythonName("Abort")
public class AbortedException extends InterruptException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public AbortedException(String message) {
		super(message);
	}

	/**
	 * Return {@code false}: an aborted message is acked without retry.
	 * @return {@code false}
	 */
	@Override
	public boolean isRetryable() {
		return false;
	}

}
