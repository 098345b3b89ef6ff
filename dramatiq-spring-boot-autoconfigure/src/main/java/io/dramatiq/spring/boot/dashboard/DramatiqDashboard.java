package io.dramatiq.spring.boot.dashboard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import io.dramatiq.abort.AbortMode;
import io.dramatiq.abort.Abortable;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.DeadLetterQueues;
import io.dramatiq.broker.QueueNotFoundException;
import io.dramatiq.broker.WorkerView;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.MessageHistory;
import io.dramatiq.schedule.ScheduleState;
import io.dramatiq.spring.boot.actuate.ActorDescriptions;
import io.dramatiq.spring.boot.actuate.DeadLetterLookup;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.ActorDescriptor;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.ScheduleDescriptor;
import io.dramatiq.spring.boot.actuate.MessageBodies;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SecurityContext;

/**
 * What the dashboard shows, as JSON-ready records, with no web framework involved: the
 * queues and their counts, the actors, the dead letters of a queue (requeue one, requeue
 * all, delete all), the workers, the recent failures, a message's history (abort it), and
 * the schedules of periodic actors. Dead-letter arguments and tracebacks are hidden
 * unless {@link DashboardAccess} shows them to the caller, and the write operations fail
 * with 403 unless it allows writes.
 */
public class DramatiqDashboard {

	/** How many dead letters a page holds unless asked otherwise. */
	public static final int DEFAULT_LIMIT = 20;

	/**
	 * How deep a page of dead letters may reach (RabbitMQ takes them out to read them).
	 */
	public static final int MAX_DEPTH = 1000;

	private static final int BAD_REQUEST = 400;

	private static final int FORBIDDEN = 403;

	private static final int NOT_FOUND = 404;

	private static final int UNAVAILABLE = 503;

	private final Broker broker;

	private final ActorDescriptions actors;

	private final MessageHistory history;

	private final DashboardAccess access;

	private final MessageTotals.Source totals;

	private final Supplier<@Nullable WorkerView> worker;

	private final BrokerWorkers brokerWorkers;

	private @Nullable Supplier<List<ScheduleState>> schedules;

	private @Nullable Abortable abortable;

	/**
	 * Create the dashboard.
	 * @param broker the broker
	 * @param actors the actor descriptions, as the {@code dramatiq} endpoint shows them
	 * @param history the history of messages in this process
	 * @param access who may see values and write
	 * @param totals the processed and failed messages of a queue so far, from the meters
	 * @param worker this process's worker, or {@code null} when there is none
	 */
	public DramatiqDashboard(Broker broker, ActorDescriptions actors, MessageHistory history, DashboardAccess access,
			MessageTotals.Source totals, Supplier<@Nullable WorkerView> worker) {
		this.broker = Objects.requireNonNull(broker, "'broker' must not be null");
		this.actors = Objects.requireNonNull(actors, "'actors' must not be null");
		this.history = Objects.requireNonNull(history, "'history' must not be null");
		this.access = Objects.requireNonNull(access, "'access' must not be null");
		this.totals = Objects.requireNonNull(totals, "'totals' must not be null");
		this.worker = Objects.requireNonNull(worker, "'worker' must not be null");
		this.brokerWorkers = BrokerWorkers.of(broker);
	}

	/**
	 * Set where the schedules of periodic actors come from, such as
	 * {@link io.dramatiq.schedule.Scheduler#states()}; without it the dashboard says this
	 * application has no scheduler.
	 * @param schedules the schedules with their next and last runs
	 */
	public void setSchedules(Supplier<List<ScheduleState>> schedules) {
		this.schedules = Objects.requireNonNull(schedules, "'schedules' must not be null");
	}

	/**
	 * Set the middleware that aborts messages; without it the dashboard says how to turn
	 * aborting on.
	 * @param abortable the middleware, or {@code null} when aborting is off
	 */
	public void setAbortable(@Nullable Abortable abortable) {
		this.abortable = abortable;
	}

	/**
	 * Return whether the write operations are allowed.
	 * @return whether the caller may requeue and delete
	 */
	public boolean isWritable() {
		return this.access.writable();
	}

	/**
	 * Return the broker and its queues.
	 * @return the overview
	 * @throws DashboardException (503) when the broker does not answer
	 */
	public Overview overview() {
		return withBroker(() -> {
			List<QueueDescriptor> queues = new ArrayList<>();
			for (String name : new TreeSet<>(this.broker.queueNames())) {
				Broker.QueueCounts counts = this.broker.queueCounts(name);
				MessageTotals processed = this.totals.of(name);
				queues.add(new QueueDescriptor(name, counts.ready(), counts.delayed(), counts.dead(),
						this.brokerWorkers.consumers(name), processed.processed(), processed.failed()));
			}
			return new Overview(this.broker.type(), this.access.writable(), queues);
		});
	}

	/**
	 * Return whether a queue is declared on the broker.
	 * @param queueName the canonical queue name
	 * @return whether it is
	 */
	public boolean hasQueue(String queueName) {
		return this.broker.queueNames().contains(queueName);
	}

	/**
	 * Return the actors with their effective options and where each came from.
	 * @return the actors, by name
	 */
	public List<ActorDescriptor> actors() {
		return this.actors.all();
	}

	/**
	 * Return a page of a queue's dead letters, oldest first.
	 * @param queueName the canonical queue name
	 * @param offset how many to skip
	 * @param limit how many to return
	 * @param caller the caller, who sees arguments and tracebacks only when allowed
	 * @return the page
	 * @throws DashboardException (404) for an unknown queue, (400) for a bad page
	 */
	public DeadLetters deadLetters(String queueName, int offset, int limit, SecurityContext caller) {
		if (offset < 0 || limit < 0 || (long) offset + limit > MAX_DEPTH) {
			throw new DashboardException(BAD_REQUEST, "Parameters 'offset' and 'limit' must be at least 0 and add up"
					+ " to at most " + MAX_DEPTH + " but were " + offset + " and " + limit + ".");
		}
		boolean show = this.access.isShown(caller);
		return withDeadLetterQueues(queueName, (queues) -> {
			List<DeadLetter> messages = queues.list(queueName, offset, limit)
				.stream()
				.map((message) -> deadLetter(message, show))
				.toList();
			return new DeadLetters(queueName, this.broker.queueCounts(queueName).dead(), offset, limit, show,
					this.access.writable(), messages);
		});
	}

	/**
	 * Requeue one dead letter of a queue.
	 * @param queueName the canonical queue name
	 * @param messageId the message id
	 * @return how many were requeued
	 * @throws DashboardException (403) without write access, (404) for an unknown queue
	 * or message
	 */
	public Changed requeue(String queueName, String messageId) {
		checkWritable("requeue dead letters");
		return withDeadLetterQueues(queueName, (queues) -> {
			if (!queues.requeue(queueName, messageId)) {
				throw new DashboardException(NOT_FOUND,
						"Message " + messageId + " is not in the dead-letter queue of '" + queueName + "'.");
			}
			return new Changed(queueName, "requeued", 1);
		});
	}

	/**
	 * Requeue every dead letter of a queue.
	 * @param queueName the canonical queue name
	 * @return how many were requeued
	 * @throws DashboardException (403) without write access, (404) for an unknown queue
	 */
	public Changed requeueAll(String queueName) {
		checkWritable("requeue dead letters");
		return withDeadLetterQueues(queueName,
				(queues) -> new Changed(queueName, "requeued", queues.requeueAll(queueName)));
	}

	/**
	 * Delete every dead letter of a queue.
	 * @param queueName the canonical queue name
	 * @return how many were deleted
	 * @throws DashboardException (403) without write access, (404) for an unknown queue
	 */
	public Changed purge(String queueName) {
		checkWritable("delete dead letters");
		return withDeadLetterQueues(queueName, (queues) -> new Changed(queueName, "deleted", queues.purge(queueName)));
	}

	/**
	 * Return the schedules of the periodic actors, by actor name.
	 * @return the schedules, and whether this application runs a scheduler at all
	 */
	public Schedules schedules() {
		Supplier<List<ScheduleState>> source = this.schedules;
		if (source == null) {
			return new Schedules(false, List.of());
		}
		return new Schedules(true,
				source.get()
					.stream()
					.sorted(Comparator.comparing((ScheduleState state) -> state.schedule().actorName()))
					.map(ScheduleDescriptor::of)
					.toList());
	}

	/**
	 * Abort a message by id, as the {@code dramatiq} endpoint does.
	 * @param messageId the message id
	 * @param mode {@code abort} (skip it if queued, interrupt it if running) or
	 * {@code cancel} (skip it if queued only)
	 * @return the request sent
	 * @throws DashboardException (403) without write access, (404) when aborting is off,
	 * (400) for an unknown mode
	 */
	public Aborted abort(String messageId, String mode) {
		checkWritable("abort messages");
		Abortable middleware = this.abortable;
		if (middleware == null) {
			throw new DashboardException(NOT_FOUND,
					"Aborting messages is off. Set dramatiq.abort.enabled=true to turn it on.");
		}
		AbortMode abortMode = Arrays.stream(AbortMode.values())
			.filter((candidate) -> candidate.value().equals(mode.toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new DashboardException(BAD_REQUEST, "Unknown mode '" + mode
					+ "': give 'abort' (skip it if queued, interrupt it if running) or 'cancel' (skip it if queued)."));
		middleware.abort(messageId, abortMode);
		return new Aborted(messageId, abortMode.value());
	}

	/**
	 * Return the workers: this process's, and what the broker knows of the others.
	 * @return the workers
	 */
	public Workers workers() {
		return withBroker(() -> {
			WorkerView view = this.worker.get();
			LocalWorker local = (view != null) ? new LocalWorker(view.workerThreads().size(), this.history.busy(),
					new TreeSet<>(view.consumedQueues()).stream().toList()) : null;
			List<QueueConsumers> consumers = new ArrayList<>();
			for (String name : new TreeSet<>(this.broker.queueNames())) {
				consumers.add(new QueueConsumers(name, this.brokerWorkers.consumers(name)));
			}
			return new Workers(this.broker.type(), local, this.brokerWorkers.processes(), consumers,
					this.brokerWorkers.note());
		});
	}

	/**
	 * Return the recent failures in this process, newest first.
	 * @param caller the caller, who sees arguments and tracebacks only when allowed
	 * @return the failures
	 */
	public List<FailureDescriptor> failures(SecurityContext caller) {
		boolean show = this.access.isShown(caller);
		return this.history.failures().stream().map((failure) -> describe(failure, show)).toList();
	}

	/**
	 * Return what is known of a message: its history in this process, its last failure
	 * and, where the broker can look it up, its dead letter.
	 * @param messageId the message id
	 * @param caller the caller, who sees arguments and tracebacks only when allowed
	 * @return the message
	 */
	public MessageDescriptor message(String messageId, SecurityContext caller) {
		boolean show = this.access.isShown(caller);
		MessageHistory.Failure failure = this.history.failure(messageId);
		Map<String, Object> deadLetter = null;
		String deadLetterQueue = null;
		String lookup;
		Optional<DeadLetterQueues> queues = this.broker.deadLetterQueues();
		if ("rabbitmq".equals(this.broker.type()) || queues.isEmpty()) {
			lookup = "The " + this.broker.type() + " broker cannot look a message up by id: only this process's"
					+ " history is shown.";
		}
		else {
			lookup = "Searched the dead letters of every queue (at most " + MAX_DEPTH + " each).";
			for (String name : new TreeSet<>(this.broker.queueNames())) {
				Message found = withBroker(() -> queues.get()
					.list(name, 0, MAX_DEPTH)
					.stream()
					.filter((message) -> messageId.equals(message.messageId()))
					.findFirst()
					.orElse(null));
				if (found != null) {
					deadLetter = MessageBodies.of(found, show);
					deadLetterQueue = name;
					break;
				}
			}
		}
		return new MessageDescriptor(messageId, this.history.events(messageId),
				(failure != null) ? describe(failure, show) : null, deadLetterQueue, deadLetter, lookup);
	}

	private DeadLetter deadLetter(Message message, boolean show) {
		// Retries only keeps a traceback on messages it retried; this process may know
		// the last failure of the others
		MessageHistory.Failure failure = this.history.failure(message.messageId());
		Object traceback = message.options().get("traceback");
		String reason = "";
		if (failure != null) {
			reason = show ? failure.reason() : failure.type();
		}
		else if (show && traceback instanceof String text) {
			reason = lastLine(text);
		}
		String trace = null;
		if (show) {
			trace = (traceback instanceof String text) ? text : (failure != null) ? failure.traceback() : null;
		}
		return new DeadLetter(MessageBodies.of(message, show), reason, trace);
	}

	private static String lastLine(String text) {
		String[] lines = text.strip().split("\n");
		return lines[lines.length - 1].strip();
	}

	private FailureDescriptor describe(MessageHistory.Failure failure, boolean show) {
		Message message = failure.message();
		Map<String, Object> body = MessageBodies.of(message, show);
		return new FailureDescriptor(failure.at(), message.messageId(), message.actorName(), message.queueName(),
				body.get("args"), body.get("kwargs"), show ? failure.reason() : failure.type(),
				show ? failure.traceback() : SanitizableData.SANITIZED_VALUE);
	}

	private void checkWritable(String what) {
		if (!this.access.writable()) {
			throw new DashboardException(FORBIDDEN,
					"You may not " + what + ": the dashboard is"
							+ " read-only. Allow writes with management.endpoint.dramatiq.access=unrestricted, behind"
							+ " authentication.");
		}
	}

	private <T> T withDeadLetterQueues(String queueName, Function<DeadLetterQueues, T> call) {
		String unavailable = DeadLetterLookup.unavailable(this.broker, queueName);
		if (unavailable != null) {
			throw new DashboardException(NOT_FOUND, unavailable);
		}
		DeadLetterQueues queues = this.broker.deadLetterQueues().orElseThrow();
		return withBroker(() -> {
			try {
				return call.apply(queues);
			}
			catch (QueueNotFoundException ex) {
				throw new DashboardException(NOT_FOUND, ex.getMessage());
			}
		});
	}

	private <T> T withBroker(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (BrokerException ex) {
			throw new DashboardException(UNAVAILABLE,
					"The " + this.broker.type() + " broker did not answer: " + ex.getMessage());
		}
	}

	/**
	 * The broker and its queues.
	 *
	 * @param broker the broker type
	 * @param writable whether requeue and delete are allowed
	 * @param queues the declared queues, by name
	 */
	public record Overview(String broker, boolean writable, List<QueueDescriptor> queues) {
	}

	/**
	 * A queue; {@code -1} where the broker cannot tell.
	 *
	 * @param name the canonical queue name
	 * @param ready messages waiting in {@code Q}
	 * @param delayed messages waiting in {@code Q.DQ}
	 * @param dead messages in {@code Q.XQ}
	 * @param consumers consumers reading {@code Q}
	 * @param processed messages processed by this process so far
	 * @param failed messages whose actor failed in this process so far
	 */
	public record QueueDescriptor(String name, long ready, long delayed, long dead, int consumers, long processed,
			long failed) {
	}

	/**
	 * A page of dead letters.
	 *
	 * @param queue the canonical queue name
	 * @param total how many dead letters the queue holds
	 * @param offset how many were skipped
	 * @param limit how many were asked for
	 * @param valuesShown whether arguments and tracebacks are shown
	 * @param writable whether requeue and delete are allowed
	 * @param messages the dead letters
	 */
	public record DeadLetters(String queue, long total, int offset, int limit, boolean valuesShown, boolean writable,
			List<DeadLetter> messages) {
	}

	/**
	 * A dead letter.
	 *
	 * @param message the message as Python Dramatiq encodes it, arguments and traceback
	 * hidden unless shown
	 * @param reason why it failed last: the exception's class and message (only its class
	 * when values are hidden), or empty when unknown
	 * @param traceback its last traceback, or {@code null} when hidden or unknown
	 */
	public record DeadLetter(Map<String, Object> message, String reason, @Nullable String traceback) {
	}

	/**
	 * The result of a requeue or delete.
	 *
	 * @param queue the canonical queue name
	 * @param action {@code requeued} or {@code deleted}
	 * @param count how many dead letters
	 */
	public record Changed(String queue, String action, int count) {
	}

	/**
	 * The schedules of the periodic actors.
	 *
	 * @param scheduler whether this application runs a scheduler
	 * @param schedules the schedules, by actor name
	 */
	public record Schedules(boolean scheduler, List<ScheduleDescriptor> schedules) {
	}

	/**
	 * An abort request sent.
	 *
	 * @param messageId the message id
	 * @param mode {@code abort} or {@code cancel}
	 */
	public record Aborted(String messageId, String mode) {
	}

	/**
	 * The workers.
	 *
	 * @param broker the broker type
	 * @param local this process's worker, or {@code null} when it has none
	 * @param processes the processes known from heartbeats (Redis)
	 * @param consumers the consumers of each queue ({@code -1} when unknown)
	 * @param note what the broker can tell of workers
	 */
	public record Workers(String broker, @Nullable LocalWorker local, List<ProcessDescriptor> processes,
			List<QueueConsumers> consumers, String note) {
	}

	/**
	 * This process's worker.
	 *
	 * @param threads its worker threads
	 * @param busy how many of them run an actor now
	 * @param queues the queues it consumes
	 */
	public record LocalWorker(int threads, int busy, List<String> queues) {
	}

	/**
	 * A process known from its heartbeats.
	 *
	 * @param id its broker id
	 * @param lastHeartbeat the epoch milliseconds of its last heartbeat
	 * @param ageMillis how long ago that was
	 * @param alive whether it is within the heartbeat timeout
	 * @param self whether it is this process
	 */
	public record ProcessDescriptor(String id, long lastHeartbeat, long ageMillis, boolean alive, boolean self) {
	}

	/**
	 * The consumers of a queue.
	 *
	 * @param queue the canonical queue name
	 * @param consumers how many, or {@code -1} when the broker cannot tell
	 */
	public record QueueConsumers(String queue, int consumers) {
	}

	/**
	 * A failure of an actor in this process.
	 *
	 * @param at when
	 * @param messageId the message id
	 * @param actor the actor name
	 * @param queue the queue name
	 * @param args the positional arguments, or a mask
	 * @param kwargs the keyword arguments, or a mask
	 * @param reason the exception's class and message (only its class when values are
	 * hidden)
	 * @param traceback the stack trace, or a mask
	 */
	public record FailureDescriptor(Instant at, String messageId, String actor, String queue, @Nullable Object args,
			@Nullable Object kwargs, String reason, String traceback) {
	}

	/**
	 * What is known of a message.
	 *
	 * @param messageId the message id
	 * @param events its history in this process, oldest first
	 * @param failure its last failure in this process, or {@code null}
	 * @param deadLetterQueue the queue whose dead letters hold it, or {@code null}
	 * @param deadLetter the dead letter, or {@code null}
	 * @param lookup how it was looked up
	 */
	public record MessageDescriptor(String messageId, List<MessageHistory.Event> events,
			@Nullable FailureDescriptor failure, @Nullable String deadLetterQueue,
			@Nullable Map<String, Object> deadLetter, String lookup) {
	}

}
