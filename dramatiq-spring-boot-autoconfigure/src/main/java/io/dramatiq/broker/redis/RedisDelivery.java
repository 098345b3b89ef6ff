package io.dramatiq.broker.redis;

import io.dramatiq.broker.Delivery;
import io.dramatiq.message.DecodeException;
import io.dramatiq.message.Message;

/**
 * A delivery fetched from Redis, with the id it was fetched under: the list member and
 * hash field that ack, nack and requeue name. It is taken from Redis, not from the
 * payload's {@code options.redis_message_id}, so even a payload that does not decode, or
 * whose id option is wrong, can be acked or dead-lettered.
 */
public class RedisDelivery extends Delivery {

	private final String redisMessageId;

	RedisDelivery(String queueName, String redisMessageId, byte[] body, Message message) {
		super(queueName, body, message);
		this.redisMessageId = redisMessageId;
	}

	RedisDelivery(String queueName, String redisMessageId, byte[] body, DecodeException decodeError) {
		super(queueName, body, decodeError);
		this.redisMessageId = redisMessageId;
	}

	/**
	 * Return the id this delivery was fetched under.
	 * @return the Redis message id
	 */
	public String redisMessageId() {
		return this.redisMessageId;
	}

}
