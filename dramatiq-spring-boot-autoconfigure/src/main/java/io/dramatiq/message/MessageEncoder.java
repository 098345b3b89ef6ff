package io.dramatiq.message;

/**
 * Turns messages into bytes and back, as Python Dramatiq's {@code Encoder}. The default
 * is {@link JsonMessageEncoder}, which produces exactly the bytes Python Dramatiq
 * produces.
 */
public interface MessageEncoder {

	/**
	 * Encode a message.
	 * @param message the message
	 * @return the body bytes
	 * @throws EncodeException if a value in the message cannot be encoded
	 */
	byte[] encode(Message message);

	/**
	 * Decode a message body.
	 * @param body the body bytes
	 * @return the message
	 * @throws DecodeException if the body is not a valid message envelope
	 */
	Message decode(byte[] body);

}
