package io.dramatiq.middleware;

/**
 * Raised in an actor with {@code notify_shutdown} when its worker shuts down, as Python
 * Dramatiq's {@code Shutdown}; reported as type {@code Shutdown} with an empty text. See
 * {@link ShutdownNotifications}.
 */
public class ShutdownException extends InterruptException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public ShutdownException(String message) {
		super(message);
	}

}
