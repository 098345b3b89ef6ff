package io.dramatiq.broker.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;

/**
 * Reads the AMQP reply code out of the RabbitMQ client's exceptions, which wrap a channel
 * or connection close in {@link java.io.IOException}s and
 * {@link ShutdownSignalException}s.
 */
final class RabbitmqErrors {

	/** Reply code of a missing queue. */
	static final int NOT_FOUND = AMQP.NOT_FOUND;

	/** Reply code of a queue declared again with other arguments. */
	static final int PRECONDITION_FAILED = AMQP.PRECONDITION_FAILED;

	private RabbitmqErrors() {
	}

	/**
	 * Return the reply code of the channel or connection close behind an exception.
	 * @param ex the exception
	 * @return the reply code, or 0 if the exception did not come from a close
	 */
	static int replyCode(Throwable ex) {
		Method reason = reason(ex);
		if (reason instanceof AMQP.Channel.Close close) {
			return close.getReplyCode();
		}
		if (reason instanceof AMQP.Connection.Close close) {
			return close.getReplyCode();
		}
		return 0;
	}

	/**
	 * Return the reply text of the channel or connection close behind an exception.
	 * @param ex the exception
	 * @return the reply text, or the exception's message
	 */
	static String replyText(Throwable ex) {
		Method reason = reason(ex);
		if (reason instanceof AMQP.Channel.Close close) {
			return close.getReplyText();
		}
		if (reason instanceof AMQP.Connection.Close close) {
			return close.getReplyText();
		}
		return String.valueOf(ex.getMessage());
	}

	/**
	 * Return whether an exception comes from the connection's close rather than a
	 * channel's.
	 * @param ex the exception
	 * @return whether the whole connection closed
	 */
	static boolean isConnectionClose(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ShutdownSignalException signal) {
				return signal.isHardError();
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private static Method reason(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ShutdownSignalException signal) {
				return signal.getReason();
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

}
