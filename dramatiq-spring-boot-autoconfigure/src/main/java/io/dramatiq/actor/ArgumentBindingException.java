package io.dramatiq.actor;

import io.dramatiq.DramatiqException;

/**
 * Raised when a message's arguments do not fit the actor method's parameters: a value
 * Jackson cannot convert to the parameter's type, too many or too few arguments, or an
 * unknown keyword argument. Python raises a {@code TypeError} in the same situations.
 */
public class ArgumentBindingException extends DramatiqException {

	public ArgumentBindingException(String message) {
		super(message);
	}

	public ArgumentBindingException(String message, Throwable cause) {
		super(message, cause);
	}

}
