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

	/**
	 * Encode a single plain JSON value (a result, for example) with the same rules as
	 * message bodies.
	 * @param value a plain JSON value: {@code null}, a boolean, a string, a number, a
	 * list or a map with string keys of those
	 * @return the bytes
	 * @throws EncodeException if the value cannot be encoded
	 */
	byte[] encodeValue(Object value);

	/**
	 * Decode a single value written by {@link #encodeValue}, into plain JSON values.
	 * @param body the bytes
	 * @return the value
	 * @throws DecodeException if the bytes are not a valid value
	 */
	Object decodeValue(byte[] body);

}
