package io.dramatiq.middleware;

import java.util.List;
import java.util.Map;

import io.dramatiq.message.Message;

/**
 * Turns envelopes stored in options ({@code pipe_target},
 * {@code group_completion_callbacks}) back into messages.
 */
final class Envelopes {

	private Envelopes() {
	}

	/**
	 * Build a message from an envelope map, as Python's {@code Message(**data)}: present
	 * values are kept as given, a missing id or timestamp is generated.
	 */
	@SuppressWarnings("unchecked")
	static Message toMessage(Map<?, ?> envelope) {
		Object id = envelope.containsKey("message_id") ? envelope.get("message_id") : Message.newMessageId();
		Object timestamp = envelope.containsKey("message_timestamp") ? envelope.get("message_timestamp")
				: (Object) System.currentTimeMillis();
		if (timestamp instanceof Integer number) {
			timestamp = number.longValue();
		}
		return Message.fromWire((String) envelope.get("queue_name"), (String) envelope.get("actor_name"),
				(List<Object>) envelope.get("args"), (Map<String, Object>) envelope.get("kwargs"),
				(Map<String, Object>) envelope.get("options"), id, timestamp);
	}

}
