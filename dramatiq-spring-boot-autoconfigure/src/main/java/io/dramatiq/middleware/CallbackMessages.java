package io.dramatiq.middleware;

import java.util.Arrays;
import java.util.Map;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends callback messages ({@code on_success}, {@code on_failure},
 * {@code on_retry_exhausted}) as Python's {@code actor.send(...)} does: a new message
 * (new id, now, no options) on the target actor's queue, found by name in the broker's
 * registry, remote actors included. An unknown target is logged and ignored.
 */
final class CallbackMessages {

	private static final Logger logger = LoggerFactory.getLogger(CallbackMessages.class);

	private CallbackMessages() {
	}

	static void send(Broker broker, MessageProxy message, String option, String targetActor, Object... args) {
		String queueName = broker.actors().queueNameOf(targetActor).orElse(null);
		if (queueName == null) {
			logger.error("Actor '{}' named by option '{}' of message '{}' is not known in this process; the callback"
					+ " was not sent. Declare the actor, or register it with ActorRegistry.registerRemote(name, queue)"
					+ " if it lives in another service.", targetActor, option, message.messageId());
			return;
		}
		broker.enqueue(Message.create(queueName, targetActor, Arrays.asList(args), Map.of(), Map.of()));
	}

}
