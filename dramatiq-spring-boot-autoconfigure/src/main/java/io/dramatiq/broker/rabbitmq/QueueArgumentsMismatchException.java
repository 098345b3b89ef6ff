package io.dramatiq.broker.rabbitmq;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dramatiq.broker.BrokerException;

/**
 * Raised when a queue already exists on RabbitMQ with other arguments than this broker
 * declares (RabbitMQ answers {@code 406 PRECONDITION_FAILED}), typically because
 * producers and workers disagree on the max priority or the dead-letter TTL.
 */
public class QueueArgumentsMismatchException extends BrokerException {

	// RabbitMQ's text: "PRECONDITION_FAILED - inequivalent arg 'x-max-priority' for queue
	// 'q' in vhost '/': received none but current is the value '10' of type 'signedint'"
	private static final Pattern INEQUIVALENT = Pattern.compile(
			"inequivalent arg '([^']+)'.*received (none|the value '([^']*)'[^:]*?) but current is (none|the value '([^']*)')");

	/** The queue name. */
	private final String queueName;

	/** The arguments this application declares. */
	private final Map<String, Object> declaredArguments;

	/** The arguments the existing queue has. */
	private final Map<String, Object> existingArguments;

	QueueArgumentsMismatchException(String queueName, Map<String, Object> declaredArguments, String replyText,
			Throwable cause) {
		this(queueName, declaredArguments, existingArguments(declaredArguments, replyText), replyText, cause);
	}

	private QueueArgumentsMismatchException(String queueName, Map<String, Object> declaredArguments,
			Map<String, Object> existingArguments, String replyText, Throwable cause) {
		super("Queue '" + queueName + "' already exists on RabbitMQ with other arguments: this broker declares "
				+ declaredArguments
				+ ((existingArguments != null) ? " but the existing queue has " + existingArguments
						: " but the existing queue differs")
				+ " (RabbitMQ: " + replyText + "). " + queueTypeHint(replyText)
				+ "Use the same 'dramatiq.broker.rabbitmq.queue-type', 'dramatiq.broker.rabbitmq.max-priority'"
				+ " (Python: max_priority) and 'dramatiq.broker.rabbitmq.dead-message-ttl' (Python: environment"
				+ " variable dramatiq_dead_message_ttl) on every producer and worker of the queue, or delete the queue"
				+ " and its .DQ and .XQ queues (for example 'rabbitmqctl delete_queue " + queueName
				+ "') so they are declared again.", cause);
		this.queueName = queueName;
		this.declaredArguments = Map.copyOf(declaredArguments);
		this.existingArguments = existingArguments;
	}

	/**
	 * Return the queue whose declaration failed.
	 * @return the queue name
	 */
	public String queueName() {
		return this.queueName;
	}

	/**
	 * Return the arguments this broker declared the queue with.
	 * @return the arguments
	 */
	public Map<String, Object> declaredArguments() {
		return this.declaredArguments;
	}

	/**
	 * Return the existing queue's arguments as far as RabbitMQ tells them: the declared
	 * ones with the first differing argument RabbitMQ reported set to its current value.
	 * @return the arguments, or {@code null} if RabbitMQ's reply could not be read
	 */
	public Map<String, Object> existingArguments() {
		return this.existingArguments;
	}

	private static String queueTypeHint(String replyText) {
		if (!String.valueOf(replyText).contains("'" + RabbitmqTopology.QUEUE_TYPE + "'")) {
			return "";
		}
		return "The queue's type differs: a queue cannot change type, and Python Dramatiq declares classic queues, so"
				+ " a queue shared with Python needs 'dramatiq.broker.rabbitmq.queue-type=classic' (the default) and"
				+ " 'quorum' only suits queues that Java alone uses. ";
	}

	private static Map<String, Object> existingArguments(Map<String, Object> declared, String replyText) {
		Matcher matcher = INEQUIVALENT.matcher(String.valueOf(replyText));
		if (!matcher.find()) {
			return null;
		}
		Map<String, Object> existing = new LinkedHashMap<>(declared);
		String key = matcher.group(1);
		if ("none".equals(matcher.group(4))) {
			existing.remove(key);
		}
		else {
			String value = matcher.group(5);
			existing.put(key, value.matches("-?\\d{1,9}") ? (Object) Integer.valueOf(value) : value);
		}
		return existing;
	}

}
