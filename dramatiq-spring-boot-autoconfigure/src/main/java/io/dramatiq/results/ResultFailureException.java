package io.dramatiq.results;

import io.dramatiq.PythonName;

/**
 * Thrown when the stored result is a failure: the actor failed for good (retries
 * exhausted, an exception it throws, an age or time limit). Carries the Python exception
 * type and text stored with it, whichever language ran the actor.
 */
@PythonName("ResultFailure")
public class ResultFailureException extends ResultException {

	/** The failed actor's exception type, as stored. */
	private final String type;

	/** The failed actor's exception text, as stored. */
	private final String text;

	/**
	 * Create the exception.
	 * @param type the failed actor's exception type, such as {@code ZeroDivisionError}
	 * @param text the exception's text, possibly empty
	 */
	public ResultFailureException(String type, String text) {
		super("actor raised " + type + ": " + text);
		this.type = type;
		this.text = text;
	}

	/**
	 * Return the failed actor's exception type, as stored ({@code exn.type}).
	 * @return the type name
	 */
	public String getType() {
		return this.type;
	}

	/**
	 * Return the failed actor's exception text, as stored ({@code exn.msg}).
	 * @return the text, possibly empty
	 */
	public String getText() {
		return this.text;
	}

}
