package io.dramatiq.message;

import java.util.regex.Pattern;

/**
 * Queue naming rules of Python Dramatiq ({@code dramatiq/common.py}): every canonical
 * queue {@code Q} has a delay queue {@code Q.DQ} and a dead-letter queue {@code Q.XQ}.
 */
public final class QueueNames {

	/** The queue an actor uses when it names none, as in Python Dramatiq. */
	public static final String DEFAULT_QUEUE = "default";

	/** Suffix of delay queues. */
	public static final String DELAY_SUFFIX = ".DQ";

	/** Suffix of dead-letter queues. */
	public static final String DEAD_SUFFIX = ".XQ";

	private static final Pattern VALID = Pattern.compile("[a-zA-Z_][a-zA-Z0-9._-]*");

	private QueueNames() {
	}

	/**
	 * Return the canonical name: one trailing {@code .DQ} or {@code .XQ} removed.
	 * @param queueName a queue name
	 * @return the canonical name
	 */
	public static String canonical(String queueName) {
		if (queueName.endsWith(DELAY_SUFFIX) || queueName.endsWith(DEAD_SUFFIX)) {
			return queueName.substring(0, queueName.length() - 3);
		}
		return queueName;
	}

	/**
	 * Return the delay queue's name.
	 * @param queueName a queue name
	 * @return {@code Q.DQ}
	 */
	public static String delay(String queueName) {
		if (queueName.endsWith(DELAY_SUFFIX)) {
			return queueName;
		}
		return canonical(queueName) + DELAY_SUFFIX;
	}

	/**
	 * Return the dead-letter queue's name.
	 * @param queueName a queue name
	 * @return {@code Q.XQ}
	 */
	public static String dead(String queueName) {
		if (queueName.endsWith(DEAD_SUFFIX)) {
			return queueName;
		}
		return canonical(queueName) + DEAD_SUFFIX;
	}

	/**
	 * Return whether the name is a delay queue's.
	 * @param queueName a queue name
	 * @return whether it ends with {@code .DQ}
	 */
	public static boolean isDelay(String queueName) {
		return queueName.endsWith(DELAY_SUFFIX);
	}

	/**
	 * Check that a name may be used as an actor's queue: it must match
	 * {@code [a-zA-Z_][a-zA-Z0-9._-]*} and must not end with {@code .DQ} or {@code .XQ}.
	 * @param queueName the name to check
	 * @return the name
	 * @throws IllegalArgumentException naming the queue and the rule it breaks
	 */
	public static String validate(String queueName) {
		if (queueName == null || !VALID.matcher(queueName).matches()) {
			throw new IllegalArgumentException("Queue name '" + queueName
					+ "' is invalid: it must start with a letter or '_' and contain only letters, digits, '.', '_' and '-'.");
		}
		if (queueName.endsWith(DELAY_SUFFIX) || queueName.endsWith(DEAD_SUFFIX)) {
			throw new IllegalArgumentException("Queue name '" + queueName
					+ "' is invalid: names ending in .DQ or .XQ are reserved for delay and dead-letter queues.");
		}
		return queueName;
	}

}
