package io.dramatiq.broker;

import io.dramatiq.PythonName;

/**
 * Raised when {@code join} times out before a queue drained, as {@code QueueJoinTimeout}.
 */
@PythonName("QueueJoinTimeout")
public class QueueJoinTimeoutException extends BrokerException {

	public QueueJoinTimeoutException(String queueName) {
		super("Queue '" + queueName + "' did not drain in time.");
	}

}
