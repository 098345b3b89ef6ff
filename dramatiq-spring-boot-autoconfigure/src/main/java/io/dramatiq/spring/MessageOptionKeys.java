package io.dramatiq.spring;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import io.dramatiq.ClosestNames;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns once about a message option that nothing here reads, such as a misspelt
 * {@code max_retrys}: the message is still sent with it, as Python Dramatiq keeps unknown
 * options (a worker elsewhere may read it), but the WARN names the closest known option.
 * Known are the options the broker's middleware declare and the message-level options of
 * Python Dramatiq's protocol ({@code eta}, {@code broker_priority}, {@code retries},
 * ...).
 * <p>
 * One instance per broker, so each unknown key is reported once for the whole
 * application. The check costs a set lookup per option of a message; the known options
 * are gathered from the middleware on first use, and again before a warning, in case
 * middleware was added since.
 */
final class MessageOptionKeys {

	private static final Logger logger = LoggerFactory.getLogger(MessageOptionKeys.class);

	/**
	 * Message-level options of Python Dramatiq's protocol that no middleware declares as
	 * an actor option (spec §1.6).
	 */
	private static final Set<String> PROTOCOL_OPTIONS = Set.of("eta", "delay", "broker_priority", "redis_message_id",
			"retries", "traceback", "requeue_timestamp", "pipe_target", "pipe_ignore", "group_completion_uuid",
			"group_completion_callbacks");

	private static final Map<Broker, MessageOptionKeys> BY_BROKER = new WeakHashMap<>();

	private final Broker broker;

	private volatile Set<String> known;

	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	private MessageOptionKeys(Broker broker) {
		this.broker = broker;
	}

	/**
	 * Return the check of a broker.
	 * @param broker the broker
	 * @return its check, shared by every sender on that broker
	 */
	static MessageOptionKeys of(Broker broker) {
		synchronized (BY_BROKER) {
			return BY_BROKER.computeIfAbsent(broker, MessageOptionKeys::new);
		}
	}

	/**
	 * Warn about the options of a message that nothing here reads, once per key.
	 * @param actorName the actor the message is for, for the warning
	 * @param options the message's options
	 */
	void check(String actorName, Map<String, ?> options) {
		if (options.isEmpty()) {
			return;
		}
		Set<String> known = this.known;
		if (known == null) {
			known = refresh();
		}
		for (String key : options.keySet()) {
			if (!known.contains(key) && !this.reported.contains(key)) {
				report(actorName, key);
			}
		}
	}

	private void report(String actorName, String key) {
		Set<String> known = refresh();
		if (known.contains(key) || !this.reported.add(key)) {
			return;
		}
		String suggestion = ClosestNames.of(key, known).map((name) -> " Did you mean '" + name + "'?").orElse("");
		logger.warn(
				"Message option '{}' (first sent to actor '{}') is declared by no middleware of this application;"
						+ " it is sent as is, for a worker elsewhere that may read it.{} This is logged once.",
				key, actorName, suggestion);
	}

	private Set<String> refresh() {
		Set<String> known = new HashSet<>(PROTOCOL_OPTIONS);
		for (Middleware middleware : this.broker.middleware()) {
			known.addAll(middleware.actorOptions());
		}
		this.known = Set.copyOf(known);
		return this.known;
	}

}
