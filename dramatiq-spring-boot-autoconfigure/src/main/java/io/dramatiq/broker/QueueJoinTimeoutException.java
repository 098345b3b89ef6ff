package io.dramatiq.broker;

import java.util.List;

import io.dramatiq.PythonName;

/**
 * Raised when {@code join} times out before a queue drained, as {@code QueueJoinTimeout}.
 */
@PythonName("QueueJoinTimeout")
public class QueueJoinTimeoutException extends BrokerException {

	/**
	 * Create an exception for a queue that did not drain in time.
	 * @param queueName the queue
	 */
	public QueueJoinTimeoutException(String queueName) {
		super("Queue '" + queueName + "' did not drain in time.");
	}

	/**
	 * Create an exception for queues that did not drain in time.
	 * @param queueNames the queues that still had unfinished messages
	 */
	public QueueJoinTimeoutException(List<String> queueNames) {
		super((queueNames.size() == 1) ? "Queue '" + queueNames.get(0) + "' did not drain in time."
				: "Queues " + queueNames + " did not drain in time.");
	}

}
