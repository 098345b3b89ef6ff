package io.dramatiq.broker;

import java.util.Collection;

import io.dramatiq.message.Message;

/**
 * Reads one queue for a worker, as Python Dramatiq's {@code Consumer}. A worker has one
 * per queue and one per delay queue. {@link #next()} is called from a single consumer
 * thread; {@link #ack}, {@link #nack} and {@link #requeue} may be called from any thread.
 * <p>
 * At most {@code prefetch} deliveries are outstanding (handed out and neither acked,
 * nacked nor requeued) at any time.
 */
public interface Consumer extends AutoCloseable {

	/**
	 * Wait for the next delivery, at most the consumer's timeout.
	 * @return the next delivery, or {@code null} if none arrived within the consumer's
	 * timeout
	 * @throws InterruptedException if the thread was interrupted
	 * @throws ConnectionException if the connection broke; the worker restarts the
	 * consumer
	 */
	default Delivery next() throws InterruptedException {
		return next(Long.MAX_VALUE);
	}

	/**
	 * Wait for the next delivery, at most the consumer's timeout and at most
	 * {@code maxWaitMillis}: the worker passes the time left until the earliest delayed
	 * message it holds is due, so that it moves that message on time. A wait cut short
	 * this way must not make the consumer ask its broker for messages more often than its
	 * timeout and idle backoff allow.
	 * @param maxWaitMillis the longest wait in milliseconds; {@code 0} returns at once
	 * when nothing is ready
	 * @return the next delivery, or {@code null} if none arrived in time
	 * @throws InterruptedException if the thread was interrupted
	 * @throws ConnectionException if the connection broke; the worker restarts the
	 * consumer
	 */
	Delivery next(long maxWaitMillis) throws InterruptedException;

	/**
	 * Acknowledge a delivery: it is done and removed from the broker.
	 * @param delivery the delivery
	 */
	void ack(Delivery delivery);

	/**
	 * Reject a delivery: it is moved to the dead-letter queue.
	 * @param delivery the delivery
	 * @param cause why, or {@code null}; brokers that keep dead letters in memory keep it
	 */
	void nack(Delivery delivery, Throwable cause);

	/**
	 * Reject a delivery, moving a changed copy of it to the dead-letter queue in its
	 * place: the message as a worker ended with it, for example with the reason it cannot
	 * run in its {@code traceback} option. Brokers that cannot dead-letter anything but
	 * the body as delivered do just that, which is the default.
	 * @param delivery the delivery
	 * @param deadLetter the message to keep in the dead-letter queue
	 * @param cause why, or {@code null}
	 */
	default void nack(Delivery delivery, Message deadLetter, Throwable cause) {
		nack(delivery, cause);
	}

	/**
	 * Give deliveries back to the broker unprocessed, for example prefetched messages on
	 * shutdown. Brokers that return unacked deliveries on close may do nothing.
	 * @param deliveries the deliveries
	 */
	void requeue(Collection<? extends Delivery> deliveries);

	/**
	 * Stop consuming and release the connection. Deliveries neither acked nor nacked are
	 * returned to the queue.
	 */
	@Override
	void close();

}
