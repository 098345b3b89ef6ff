package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.DramatiqException;

/**
 * Raised at start-up when a {@code dramatiq.*} property has a value that cannot work. The
 * message names the property, the value and what is expected; {@link #getAction()} holds
 * the fix, for failure analysis.
 */
public class DramatiqPropertyException extends DramatiqException {

	/** The property name. */
	private final String property;

	/** The value that was given. */
	private final Object value;

	/** What to do about it. */
	private final String action;

	/**
	 * Create an exception.
	 * @param property the full property name, such as {@code dramatiq.worker.threads}
	 * @param value the bound value
	 * @param message what is wrong, naming the property and the value
	 * @param action how to fix it
	 */
	public DramatiqPropertyException(String property, Object value, String message, String action) {
		super(message);
		this.property = property;
		this.value = value;
		this.action = action;
	}

	/**
	 * Create an exception for a value below its minimum.
	 * @param property the full property name
	 * @param value the bound value
	 * @param minimum the smallest allowed value, as users write it
	 * @return the exception
	 */
	static DramatiqPropertyException atLeast(String property, Object value, String minimum) {
		return new DramatiqPropertyException(property, value,
				"Property '" + property + "' must be at least " + minimum + " but was " + value + ".",
				"Set '" + property + "' to " + minimum + " or more.");
	}

	/**
	 * Return the property name.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return the value that was given.
	 * @return the value that was given
	 */
	public Object getValue() {
		return this.value;
	}

	/**
	 * Return what to do about it.
	 * @return the advice
	 */
	public String getAction() {
		return this.action;
	}

}
