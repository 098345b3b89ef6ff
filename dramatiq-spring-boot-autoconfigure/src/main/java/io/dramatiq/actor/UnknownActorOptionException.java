package io.dramatiq.actor;

import io.dramatiq.DramatiqException;

/**
 * Raised when an actor is declared with an option that no registered middleware
 * understands, as Python Dramatiq rejects unknown actor options at declaration time.
 */
public class UnknownActorOptionException extends DramatiqException {

	/** The actor's name. */
	private final String actorName;

	/** The option name. */
	private final String option;

	/**
	 * Create the exception.
	 * @param actorName the actor's name
	 * @param option the option name
	 */
	public UnknownActorOptionException(String actorName, String option) {
		super("Actor '" + actorName + "' sets option '" + option
				+ "', but no registered middleware declares it. Did you forget to add a middleware bean?");
		this.actorName = actorName;
		this.option = option;
	}

	/**
	 * Return the actor's name.
	 * @return the actor name
	 */
	public String actorName() {
		return this.actorName;
	}

	/**
	 * Return the unknown option.
	 * @return the option's name
	 */
	public String option() {
		return this.option;
	}

}
