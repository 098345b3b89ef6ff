package io.dramatiq.spring.boot.actuate;

import io.dramatiq.broker.Broker;
import org.jspecify.annotations.Nullable;

/**
 * The check the {@code dramatiq} endpoint and the dashboard make before they touch the
 * dead letters of a queue: the broker must keep dead letters in a way it can list, and
 * the queue must be declared on it.
 */
public final class DeadLetterLookup {

	private DeadLetterLookup() {
	}

	/**
	 * Return why the dead letters of a queue cannot be reached, or {@code null} when
	 * {@link Broker#deadLetterQueues()} can serve them.
	 * @param broker the broker
	 * @param queueName the canonical queue name
	 * @return the reason, for a "not found" answer, or {@code null}
	 */
	public static @Nullable String unavailable(Broker broker, String queueName) {
		if (broker.deadLetterQueues().isEmpty()) {
			return "The " + broker.type() + " broker cannot list or requeue dead letters.";
		}
		if (!broker.queueNames().contains(queueName)) {
			return "Queue '" + queueName + "' was never declared on this broker.";
		}
		return null;
	}

}
