package io.dramatiq.broker;

import io.dramatiq.message.DecodeException;
import io.dramatiq.message.Message;

/**
 * A message as a {@link Consumer} handed it out: the body as received, the decoded
 * message (or why it could not be decoded) and the queue it came from. Brokers extend it
 * to carry their own handle (a delivery tag, a Redis id).
 */
public class Delivery {

	private final String queueName;

	private final byte[] body;

	private final Message message;

	private final DecodeException decodeError;

	/**
	 * Create a delivery of a decoded message.
	 * @param queueName the queue it was consumed from ({@code Q} or {@code Q.DQ})
	 * @param body the body as received
	 * @param message the decoded message
	 */
	public Delivery(String queueName, byte[] body, Message message) {
		this(queueName, body, message, null);
	}

	/**
	 * Create a delivery whose body could not be decoded.
	 * @param queueName the queue it was consumed from
	 * @param body the body as received
	 * @param decodeError why it could not be decoded
	 */
	public Delivery(String queueName, byte[] body, DecodeException decodeError) {
		this(queueName, body, null, decodeError);
	}

	private Delivery(String queueName, byte[] body, Message message, DecodeException decodeError) {
		this.queueName = queueName;
		this.body = body;
		this.message = message;
		this.decodeError = decodeError;
	}

	/**
	 * Return the queue this delivery was consumed from.
	 * @return the queue name
	 */
	public String queueName() {
		return this.queueName;
	}

	/**
	 * Return the body as received.
	 * @return the body
	 */
	public byte[] body() {
		return this.body;
	}

	/**
	 * Return the decoded message.
	 * @return the message, or {@code null} if the body could not be decoded
	 */
	public Message message() {
		return this.message;
	}

	/**
	 * Return why the body could not be decoded.
	 * @return the error, or {@code null} if it was decoded
	 */
	public DecodeException decodeError() {
		return this.decodeError;
	}

	@Override
	public String toString() {
		return (this.message != null) ? this.message.messageId() : "undecodable delivery on " + this.queueName;
	}

}
