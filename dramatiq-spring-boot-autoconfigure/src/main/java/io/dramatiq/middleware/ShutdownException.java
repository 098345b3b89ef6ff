package io.dramatiq.middleware;

import io.dramatiq.PythonName;

/**
 * Raised in an actor with {@code notify_shutdown} when its worker shuts down, as Python
 * Dramatiq's {@code Shutdown}; reported as type {@code Shutdown} with an empty text. See
 * {@link ShutdownNotifications}.
 */
@PythonName("Shutdown")
public class ShutdownException extends InterruptException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public ShutdownException(String message) {
		super(message);
	}

}
