package io.dramatiq.spring;

import io.dramatiq.DramatiqException;

/**
 * Raised at start-up when an {@link io.dramatiq.actor.Actor @Actor} method cannot become
 * an actor: two actors share a name, the queue name is invalid, the method cannot be
 * called through the bean (final, private or static), or an actor option has an invalid
 * value or is declared by no middleware. The message names the method or the option and
 * where it is set, and the fix; {@link #getAction()} holds the fix alone, for failure
 * analysis.
 */
public class ActorDefinitionException extends DramatiqException {

	/** What is wrong with the actor definition. */
	private final String description;

	/** What to do about it. */
	private final String action;

	/**
	 * Create an exception.
	 * @param description what is wrong, naming the actor or method
	 * @param action how to fix it
	 */
	public ActorDefinitionException(String description, String action) {
		this(description, action, null);
	}

	/**
	 * Create an exception with a cause.
	 * @param description what is wrong, naming the actor or method
	 * @param action how to fix it
	 * @param cause the underlying error, or {@code null}
	 */
	public ActorDefinitionException(String description, String action, Throwable cause) {
		super(description + " " + action, cause);
		this.description = description;
		this.action = action;
	}

	/**
	 * Return what is wrong.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return how to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
