package io.dramatiq.broker;

import java.util.List;

import io.dramatiq.message.Message;
import io.dramatiq.message.QueueNames;

/**
 * The dead-letter queues ({@code Q.XQ}) of a broker, for operators: list the messages
 * that exhausted their retries, put them back on their queue, or drop them. A broker
 * offers them through {@link Broker#deadLetterQueues()}.
 * <p>
 * A requeued message keeps its {@code message_id}, arguments and timestamp; it goes back
 * to the canonical queue {@code Q} without its {@code retries} count (so it gets its full
 * retries again) and without an {@code eta}, through the broker's normal enqueue, so
 * middleware sees it as any enqueued message. Since the timestamp is kept, an actor with
 * a {@code max_age} may skip a message that is old by then.
 */
public interface DeadLetterQueues {

	/**
	 * The option counting a message's retries, reset by {@link #revive(Message)}.
	 */
	String RETRIES = "retries";

	/**
	 * Return the messages of a dead-letter queue, oldest first. Bodies that cannot be
	 * decoded are left out.
	 * @param queueName the canonical queue name
	 * @param offset how many messages to skip
	 * @param limit how many messages to return at most
	 * @return the messages
	 * @throws QueueNotFoundException if the queue was never declared on this broker
	 */
	List<Message> list(String queueName, int offset, int limit);

	/**
	 * Put one dead-lettered message back on its queue.
	 * @param queueName the canonical queue name
	 * @param messageId the message id
	 * @return whether the message was found and requeued
	 * @throws QueueNotFoundException if the queue was never declared on this broker
	 */
	boolean requeue(String queueName, String messageId);

	/**
	 * Put every dead-lettered message of a queue back on that queue.
	 * @param queueName the canonical queue name
	 * @return how many messages were requeued
	 * @throws QueueNotFoundException if the queue was never declared on this broker
	 */
	int requeueAll(String queueName);

	/**
	 * Drop every dead-lettered message of a queue.
	 * @param queueName the canonical queue name
	 * @return how many messages were dropped
	 * @throws QueueNotFoundException if the queue was never declared on this broker
	 */
	int purge(String queueName);

	/**
	 * Return a dead-lettered message as it is requeued: on its canonical queue, with the
	 * same id, without {@code retries} and {@code eta}.
	 * @param message the dead-lettered message
	 * @return the message to enqueue
	 */
	static Message revive(Message message) {
		return message.withQueueName(QueueNames.canonical(message.queueName()))
			.withoutOption(RETRIES)
			.withoutOption(AbstractBroker.ETA);
	}

}
