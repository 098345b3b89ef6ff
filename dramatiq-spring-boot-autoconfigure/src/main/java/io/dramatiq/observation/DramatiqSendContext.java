package io.dramatiq.observation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.dramatiq.message.Message;
import io.micrometer.observation.transport.SenderContext;

/**
 * The context of a {@code dramatiq.send} observation. Its carrier is a copy of the
 * message's options: a tracing handler writes the trace context there
 * ({@code traceparent}, and {@code tracestate} when there is one) and the message is
 * enqueued with those options.
 */
public class DramatiqSendContext extends SenderContext<Map<String, Object>> {

	private final Message message;

	private final String brokerType;

	/**
	 * Create the context of sending a message.
	 * @param message the message about to be enqueued
	 * @param brokerType the broker's {@link io.dramatiq.broker.Broker#type() type}, such
	 * as {@code rabbitmq}
	 */
	public DramatiqSendContext(Message message, String brokerType) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		this.message = Objects.requireNonNull(message, "'message' must not be null");
		this.brokerType = Objects.requireNonNull(brokerType, "'brokerType' must not be null");
		setCarrier(new LinkedHashMap<>(message.options()));
		setRemoteServiceName(brokerType);
	}

	/**
	 * Return the message as it was given to the broker, before the trace context was
	 * written.
	 * @return the message
	 */
	public Message getMessage() {
		return this.message;
	}

	/**
	 * Return the broker's type.
	 * @return {@code stub}, {@code rabbitmq}, {@code redis}, ...
	 */
	public String getBrokerType() {
		return this.brokerType;
	}

	/**
	 * Return the message with the options a handler wrote into the carrier, or the
	 * message itself when no handler wrote any. Options already there keep their place;
	 * new ones come last.
	 * @return the message to enqueue
	 */
	public Message getOutgoingMessage() {
		Map<String, Object> options = getCarrier();
		if (options == null || options.equals(this.message.options())) {
			return this.message;
		}
		return this.message.withReplacedOptions(options);
	}

}
