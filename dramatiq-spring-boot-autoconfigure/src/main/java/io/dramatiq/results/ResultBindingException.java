package io.dramatiq.results;

/**
 * Thrown when a stored result cannot be converted to the type asked for. Names both types
 * and keeps the stored JSON, so nothing is lost.
 */
public class ResultBindingException extends ResultException {

	/** The stored value as JSON text. */
	private final String storedJson;

	/**
	 * Create the exception.
	 * @param message the message, naming both types
	 * @param storedJson the stored value as JSON text
	 * @param cause the conversion failure
	 */
	public ResultBindingException(String message, String storedJson, Throwable cause) {
		super(message, cause);
		this.storedJson = storedJson;
	}

	/**
	 * Return the stored value as JSON text.
	 * @return the JSON
	 */
	public String getStoredJson() {
		return this.storedJson;
	}

}
