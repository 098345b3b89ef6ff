package io.dramatiq.actor;

import io.dramatiq.DramatiqException;

/**
 * Raised when a message's arguments do not fit the actor method's parameters: a value
 * Jackson cannot convert to the parameter's type, too many or too few arguments, or an
 * unknown keyword argument. Python raises a {@code TypeError} in the same situations.
 * <p>
 * Sending such arguments to an actor of this process fails with it in the caller. A
 * worker that gets such a message (from another producer) cannot run it however often it
 * tries, so the {@code Retries} middleware dead-letters it at once, with this exception
 * in its {@code traceback} option.
 */
public class ArgumentBindingException extends DramatiqException {

	/**
	 * Create the exception.
	 * @param message the message
	 */
	public ArgumentBindingException(String message) {
		super(message);
	}

	/**
	 * Create the exception.
	 * @param message the message
	 * @param cause the cause
	 */
	public ArgumentBindingException(String message, Throwable cause) {
		super(message, cause);
	}

}
