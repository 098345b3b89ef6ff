package io.dramatiq.broker.rabbitmq;

import com.rabbitmq.client.AMQP;
import io.dramatiq.broker.Delivery;
import io.dramatiq.message.DecodeException;
import io.dramatiq.message.Message;

/**
 * A RabbitMQ delivery: the message plus its delivery tag, the channel it came on (acks
 * must go to that channel and no other) and its AMQP properties.
 */
public final class RabbitmqDelivery extends Delivery {

	private final RabbitmqAcks acks;

	private final long deliveryTag;

	private final boolean redelivered;

	private final AMQP.BasicProperties properties;

	RabbitmqDelivery(String queueName, byte[] body, Message message, RabbitmqAcks acks, long deliveryTag,
			boolean redelivered, AMQP.BasicProperties properties) {
		super(queueName, body, message);
		this.acks = acks;
		this.deliveryTag = deliveryTag;
		this.redelivered = redelivered;
		this.properties = properties;
	}

	RabbitmqDelivery(String queueName, byte[] body, DecodeException decodeError, RabbitmqAcks acks, long deliveryTag,
			boolean redelivered, AMQP.BasicProperties properties) {
		super(queueName, body, decodeError);
		this.acks = acks;
		this.deliveryTag = deliveryTag;
		this.redelivered = redelivered;
		this.properties = properties;
	}

	RabbitmqAcks acks() {
		return this.acks;
	}

	/**
	 * Return the delivery tag, valid on the channel the message came on.
	 * @return the tag
	 */
	public long deliveryTag() {
		return this.deliveryTag;
	}

	/**
	 * Return whether RabbitMQ delivered this message before (to this or another consumer)
	 * without an ack. Recorded only, as in Python.
	 * @return the redelivered flag
	 */
	public boolean redelivered() {
		return this.redelivered;
	}

	/**
	 * Return the message's AMQP properties as delivered.
	 * @return the properties
	 */
	public AMQP.BasicProperties properties() {
		return this.properties;
	}

}
