package io.dramatiq.spring;

/**
 * Raised at start-up when a method of an {@link ActorClient @ActorClient} interface
 * cannot send to its actor: an unsupported return or parameter shape, or a mismatch with
 * the local actor it names (arguments, keyword names, types, queue). The message names
 * the interface method and, where one is involved, the actor and its method.
 */
public class ActorClientDefinitionException extends ActorDefinitionException {

	/**
	 * Create an exception.
	 * @param description what is wrong, naming the interface method
	 * @param action how to fix it
	 */
	public ActorClientDefinitionException(String description, String action) {
		super(description, action);
	}

	/**
	 * Create an exception with a cause.
	 * @param description what is wrong, naming the interface method
	 * @param action how to fix it
	 * @param cause the underlying error, or {@code null}
	 */
	public ActorClientDefinitionException(String description, String action, Throwable cause) {
		super(description, action, cause);
	}

}
