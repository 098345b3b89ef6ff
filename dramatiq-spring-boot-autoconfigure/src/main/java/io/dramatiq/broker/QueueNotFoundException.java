package io.dramatiq.broker;

import io.dramatiq.PythonName;

/**
 * Raised when a queue is used before it was declared, as {@code QueueNotFound} in Python.
 */
@PythonName("QueueNotFound")
public class QueueNotFoundException extends BrokerException {

	/**
	 * Create the exception.
	 * @param queueName the queue that does not exist
	 */
	public QueueNotFoundException(String queueName) {
		super("Queue '" + queueName + "' was never declared on this broker. Declare an actor on it first.");
	}

}
