package io.dramatiq.middleware;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.Message;

/**
 * Remembers, in this process's memory only, what happened lately to messages: when each
 * was enqueued, started, succeeded, failed, was skipped or dead-lettered, and the last
 * failures with their tracebacks. It keeps at most a bounded number of messages and of
 * failures, forgetting the least recently active first, and counts the messages whose
 * actor runs now. The dashboard reads it; since it sees only this process, a message
 * handled by another process has no history here.
 */
public class MessageHistory implements Middleware {

	/** How many messages the history keeps by default. */
	public static final int DEFAULT_MESSAGES = 1000;

	/** How many failures the history keeps by default. */
	public static final int DEFAULT_FAILURES = 100;

	private static final int MAX_EVENTS_PER_MESSAGE = 50;

	private final int maxMessages;

	private final int maxFailures;

	private final Clock clock;

	// the messages whose actor runs; a set, so that a hook skipped for a message does
	// not skew the count
	private final Set<String> running = ConcurrentHashMap.newKeySet();

	// message id -> its events, least recently active message first
	private final LinkedHashMap<String, Deque<Event>> events = new LinkedHashMap<>();

	private final Deque<Failure> failures = new ArrayDeque<>();

	/**
	 * Create a history with the default bounds.
	 */
	public MessageHistory() {
		this(DEFAULT_MESSAGES, DEFAULT_FAILURES, Clock.systemUTC());
	}

	/**
	 * Create a history.
	 * @param maxMessages how many messages to remember at most
	 * @param maxFailures how many failures to remember at most
	 * @param clock the clock that dates events
	 */
	public MessageHistory(int maxMessages, int maxFailures, Clock clock) {
		if (maxMessages < 0 || maxFailures < 0) {
			throw new IllegalArgumentException("'maxMessages' and 'maxFailures' must be at least 0 but were "
					+ maxMessages + " and " + maxFailures);
		}
		this.maxMessages = maxMessages;
		this.maxFailures = maxFailures;
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
	}

	// before, not after: a worker may start the message before the enqueue returns
	@Override
	public void beforeEnqueue(Broker broker, Message message, Duration delay) {
		Object retries = message.options().get("retries");
		String detail = "on queue '" + message.queueName() + "'"
				+ ((delay != null && !delay.isZero()) ? " with a delay of " + delay.toMillis() + " ms" : "")
				+ ((retries != null) ? ", retry " + retries : "");
		record(message.messageId(), "enqueued", detail);
	}

	@Override
	public void beforeProcessMessage(Broker broker, MessageProxy message) {
		this.running.add(message.messageId());
		record(message.messageId(), "started", "actor '" + message.actorName() + "'");
	}

	@Override
	public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
		this.running.remove(message.messageId());
		if (exception == null) {
			record(message.messageId(), "succeeded", "");
			return;
		}
		String reason = exception.getClass().getName()
				+ ((exception.getMessage() != null) ? ": " + exception.getMessage() : "");
		record(message.messageId(), "failed", reason);
		if (this.maxFailures > 0) {
			Failure failure = new Failure(this.clock.instant(), message.message(), exception.getClass().getName(),
					reason, traceback(exception));
			synchronized (this.failures) {
				this.failures.addFirst(failure);
				while (this.failures.size() > this.maxFailures) {
					this.failures.removeLast();
				}
			}
		}
	}

	@Override
	public void afterSkipMessage(Broker broker, MessageProxy message) {
		this.running.remove(message.messageId());
		record(message.messageId(), "skipped", "");
	}

	@Override
	public void afterNack(Broker broker, MessageProxy message) {
		record(message.messageId(), "dead-lettered", "on queue '" + message.queueName() + "'");
	}

	/**
	 * Return how many messages have their actor running in this process now.
	 * @return the busy worker threads
	 */
	public int busy() {
		return this.running.size();
	}

	/**
	 * Return the last failures, newest first.
	 * @return the failures
	 */
	public List<Failure> failures() {
		synchronized (this.failures) {
			return List.copyOf(this.failures);
		}
	}

	/**
	 * Return what happened to a message in this process, oldest first.
	 * @param messageId the message id
	 * @return its events, empty when it is unknown here or forgotten
	 */
	public List<Event> events(String messageId) {
		synchronized (this.events) {
			Deque<Event> found = this.events.get(messageId);
			return (found != null) ? List.copyOf(found) : List.of();
		}
	}

	/**
	 * Return the last failure of a message, if remembered.
	 * @param messageId the message id
	 * @return the failure, or {@code null}
	 */
	public Failure failure(String messageId) {
		synchronized (this.failures) {
			return this.failures.stream()
				.filter((failure) -> failure.message().messageId().equals(messageId))
				.findFirst()
				.orElse(null);
		}
	}

	private void record(String messageId, String event, String detail) {
		if (this.maxMessages == 0 || messageId == null) {
			return;
		}
		Event recorded = new Event(this.clock.instant(), event, detail);
		synchronized (this.events) {
			// the message moves to the end: the least recently active is forgotten first
			Deque<Event> list = this.events.remove(messageId);
			if (list == null) {
				list = new ArrayDeque<>();
			}
			list.addLast(recorded);
			this.events.put(messageId, list);
			if (list.size() > MAX_EVENTS_PER_MESSAGE) {
				list.removeFirst();
			}
			while (this.events.size() > this.maxMessages) {
				Map.Entry<String, Deque<Event>> oldest = this.events.entrySet().iterator().next();
				this.events.remove(oldest.getKey());
			}
		}
	}

	private static String traceback(Throwable exception) {
		StringWriter trace = new StringWriter();
		exception.printStackTrace(new PrintWriter(trace));
		return trace.toString();
	}

	/**
	 * Something that happened to a message.
	 *
	 * @param at when
	 * @param event what: {@code enqueued}, {@code started}, {@code succeeded},
	 * {@code failed}, {@code skipped} or {@code dead-lettered}
	 * @param detail the queue, the actor or the failure reason; may be empty
	 */
	public record Event(Instant at, String event, String detail) {
	}

	/**
	 * A failure of an actor.
	 *
	 * @param at when it failed
	 * @param message the message it failed on
	 * @param type the exception's class name
	 * @param reason the exception's class and message
	 * @param traceback the exception's stack trace
	 */
	public record Failure(Instant at, Message message, String type, String reason, String traceback) {
	}

	/**
	 * Return the messages remembered, least recently active first, for tests.
	 * @return the message ids
	 */
	List<String> messageIds() {
		synchronized (this.events) {
			return new ArrayList<>(this.events.keySet());
		}
	}

}
