package io.dramatiq.observation;

import java.util.Map;
import java.util.Objects;

import io.dramatiq.message.Message;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;

/**
 * The context of a {@code dramatiq.process} observation. Its carrier is the message's
 * options as they arrived: a tracing handler reads the trace context from there
 * ({@code traceparent} and {@code tracestate}, as written by a Java or Python producer),
 * and starts a new trace when there is none or it is not valid. Only string values are
 * read; any other value counts as absent.
 */
public class DramatiqProcessContext extends ReceiverContext<Map<String, Object>> {

	private final Message message;

	private final String brokerType;

	/**
	 * Create the context of processing a message.
	 * @param message the message as it was delivered
	 * @param brokerType the broker's {@link io.dramatiq.broker.Broker#type() type}
	 */
	public DramatiqProcessContext(Message message, String brokerType) {
		super((carrier, key) -> (carrier != null && carrier.get(key) instanceof String value) ? value : null,
				Kind.CONSUMER);
		this.message = Objects.requireNonNull(message, "'message' must not be null");
		this.brokerType = Objects.requireNonNull(brokerType, "'brokerType' must not be null");
		setCarrier(message.options());
		setRemoteServiceName(brokerType);
	}

	/**
	 * Return the message as it was delivered.
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

}
