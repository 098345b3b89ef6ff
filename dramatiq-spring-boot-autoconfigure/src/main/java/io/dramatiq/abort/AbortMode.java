package io.dramatiq.abort;

/**
 * What an abort request stops, as dramatiq-abort's {@code AbortMode}.
 */
public enum AbortMode {

	/**
	 * Skip the message if it is still queued, and interrupt it if it is running.
	 */
	ABORT("abort"),

	/**
	 * Skip the message if it is still queued; a running message finishes.
	 */
	CANCEL("cancel");

	private final String value;

	AbortMode(String value) {
		this.value = value;
	}

	/**
	 * Return the mode's name in event keys, as Python spells it.
	 * @return {@code abort} or {@code cancel}
	 */
	public String value() {
		return this.value;
	}

	/**
	 * Return the event key of a message in this mode: {@code <mode>:<message id>}.
	 * @param messageId the message id
	 * @return the key, such as {@code cancel:8f3c…}
	 */
	public String key(String messageId) {
		return this.value + ":" + messageId;
	}

}
