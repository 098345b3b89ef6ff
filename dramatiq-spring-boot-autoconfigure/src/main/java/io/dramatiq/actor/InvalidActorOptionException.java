package io.dramatiq.actor;

import io.dramatiq.DramatiqException;

/**
 * Raised when an actor option has a value of the wrong kind, such as a time limit that is
 * not a duration. The message names the actor, the option, where the value came from and
 * the expected form; the accessors give them one by one, so that the Spring layer can
 * name the property or annotation attribute.
 */
public class InvalidActorOptionException extends DramatiqException {

	/** The actor's name. */
	private final String actorName;

	/** The option name. */
	private final String option;

	/** Where the option was set. */
	private final ActorOptions.Source source;

	/**
	 * Create the exception.
	 * @param message the message
	 * @param cause the cause
	 */
	public InvalidActorOptionException(String message, Throwable cause) {
		this(message, null, null, null, cause);
	}

	/**
	 * Create an exception.
	 * @param message what is wrong, naming the actor, the option and the source
	 * @param actorName the actor's name
	 * @param option the option's Python name
	 * @param source the layer that set the value
	 * @param cause why the value was rejected
	 */
	public InvalidActorOptionException(String message, String actorName, String option, ActorOptions.Source source,
			Throwable cause) {
		super(message, cause);
		this.actorName = actorName;
		this.option = option;
		this.source = source;
	}

	/**
	 * Return the actor's name.
	 * @return the actor name, or {@code null} if unknown
	 */
	public String actorName() {
		return this.actorName;
	}

	/**
	 * Return the option.
	 * @return the option's Python name, or {@code null} if unknown
	 */
	public String option() {
		return this.option;
	}

	/**
	 * Return the layer that set the invalid value.
	 * @return the source, or {@code null} if unknown
	 */
	public ActorOptions.Source source() {
		return this.source;
	}

}
