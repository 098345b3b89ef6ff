package io.dramatiq;

import java.util.regex.Pattern;

/**
 * Removes credentials from text before it is logged or shown: connection settings such as
 * {@code redis://user:secret@host:6379} or {@code amqp://user:secret@host}, and the
 * messages of exceptions that may quote them. Spring-free.
 */
public final class Credentials {

	/** The user-info of a URL: {@code scheme://user:password@}. */
	private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s,;]*@");

	/**
	 * A {@code user:password@} before a host without a scheme, as in the entries of
	 * {@code spring.rabbitmq.addresses}.
	 */
	private static final Pattern BARE_USER_INFO = Pattern
		.compile("(^|[\\s,;(\\[=\"'])[^\\s,;/@()\\[\\]=\"':]+:[^\\s,;/@]*@");

	private Credentials() {
	}

	/**
	 * Return a text with the user and password of every URL or address removed:
	 * {@code redis://user:secret@host:6379/0} becomes {@code redis://host:6379/0} and
	 * {@code a, user:secret@b:5672} becomes {@code a, b:5672}.
	 * @param text the text, or {@code null}
	 * @return the text without credentials, or {@code null}
	 */
	public static String redact(String text) {
		if (text == null || text.indexOf('@') < 0) {
			return text;
		}
		String redacted = URL_USER_INFO.matcher(text).replaceAll("$1");
		return BARE_USER_INFO.matcher(redacted).replaceAll("$1");
	}

}
