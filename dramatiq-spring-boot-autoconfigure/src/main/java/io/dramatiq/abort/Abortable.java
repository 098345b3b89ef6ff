package io.dramatiq.abort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.WorkerView;
import io.dramatiq.message.PythonTruth;
import io.dramatiq.middleware.Interrupts;
import io.dramatiq.middleware.SkipMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts messages by id, as dramatiq-abort's {@code Abortable} middleware:
 * {@link #abort(String)} signals the request through an {@link EventBackend}, and every
 * worker with this middleware acts on it.
 * <ul>
 * <li>A message that is still queued is skipped when it comes up: before it runs, the
 * worker consumes its {@code cancel:<id>} event and, when there is one, skips the
 * message, which is acked without running its actor.</li>
 * <li>A running message is interrupted like a time limit (see {@link Interrupts}): one
 * watcher thread per middleware waits for the {@code abort:<id>} events of the messages
 * running on this worker, for at most the poll interval at a time, and interrupts the
 * worker thread of an aborted one. The actor fails with an {@link AbortedException} (type
 * {@code Abort}), which {@code Callbacks} reports and {@code Retries} does not retry.
 * With an abort timeout, the actor gets that long to finish first and may ask
 * {@link #abortRequested()} how long it has left.</li>
 * </ul>
 * Requests expire after their time to live (90 s by default), so abort a queued message
 * no longer before it comes up. Only messages whose {@code abortable} option is true are
 * watched: the message's option, else the actor's, else this middleware's default (true).
 */
public class Abortable implements Middleware {

	/** The option saying whether a message can be aborted. */
	public static final String ABORTABLE = "abortable";

	/** The event parameter holding the grace period of a running message, in ms. */
	public static final String ABORT_TIMEOUT = "abort_timeout";

	/** dramatiq-abort's default time to live of a request: 90 seconds. */
	public static final Duration DEFAULT_ABORT_TTL = Duration.ofMillis(90000);

	/** dramatiq-abort's default wait for abort events of running messages: 1 second. */
	public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(1000);

	/** The actor options this middleware reads, with dramatiq-abort's default. */
	static final List<OptionSpec> OPTION_SPECS = List.of(new OptionSpec(ABORTABLE, Kind.BOOLEAN, true, "Abortable"));

	private static final Logger logger = LoggerFactory.getLogger(Abortable.class);

	private final EventBackend backend;

	private final boolean abortable;

	private final Duration abortTtl;

	private final Duration pollInterval;

	private final Map<String, Interrupts.Run> running = new ConcurrentHashMap<>();

	/** Abort requests of running messages: message id to deadline (nano time). */
	private final Map<String, Long> requests = new ConcurrentHashMap<>();

	private final Object idle = new Object();

	private Thread watcher;

	/**
	 * Create the middleware with dramatiq-abort's defaults: every actor abortable,
	 * requests kept 90 s, running messages watched 1 s at a time.
	 * @param backend the backend that carries the requests
	 */
	public Abortable(EventBackend backend) {
		this(backend, true, DEFAULT_ABORT_TTL, DEFAULT_POLL_INTERVAL);
	}

	/**
	 * Create the middleware.
	 * @param backend the backend that carries the requests
	 * @param abortable whether a message whose actor and options do not say is abortable
	 * @param abortTtl how long a request is kept when no worker consumes it
	 * @param pollInterval how long the watcher waits for abort events at a time
	 */
	public Abortable(EventBackend backend, boolean abortable, Duration abortTtl, Duration pollInterval) {
		this.backend = Objects.requireNonNull(backend, "'backend' must not be null");
		this.abortable = abortable;
		this.abortTtl = positive(abortTtl, "abortTtl");
		this.pollInterval = positive(pollInterval, "pollInterval");
	}

	private static Duration positive(Duration duration, String name) {
		Objects.requireNonNull(duration, () -> "'" + name + "' must not be null");
		if (duration.toMillis() < 1) {
			throw new IllegalArgumentException("'" + name + "' must be at least 1ms but was " + duration + ".");
		}
		return duration;
	}

	/**
	 * A checkpoint for looping actor code: throw the {@link AbortedException} of the
	 * current message once it was aborted (same as {@link Interrupts#check()}).
	 */
	public static void check() {
		Interrupts.check();
	}

	/**
	 * Return the backend.
	 * @return the backend
	 */
	public EventBackend backend() {
		return this.backend;
	}

	/**
	 * Return whether messages are abortable when neither they nor their actor say.
	 * @return the default of the {@code abortable} option
	 */
	public boolean abortable() {
		return this.abortable;
	}

	/**
	 * Return how long a request is kept when no worker consumes it.
	 * @return the time to live
	 */
	public Duration abortTtl() {
		return this.abortTtl;
	}

	/**
	 * Return how long the watcher waits for abort events at a time.
	 * @return the interval
	 */
	public Duration pollInterval() {
		return this.pollInterval;
	}

	/**
	 * Abort a message, queued or running, as dramatiq-abort's {@code abort(message_id)}.
	 * @param messageId the id of the message
	 */
	public void abort(String messageId) {
		abort(messageId, AbortMode.ABORT);
	}

	/**
	 * Abort or cancel a message.
	 * @param messageId the id of the message
	 * @param mode {@link AbortMode#ABORT} for a queued or running message,
	 * {@link AbortMode#CANCEL} for a queued one only
	 */
	public void abort(String messageId, AbortMode mode) {
		abort(messageId, mode, Duration.ZERO, this.abortTtl);
	}

	/**
	 * Abort or cancel a message, as dramatiq-abort's
	 * {@code abort(message_id, abort_ttl, mode, abort_timeout)}: signals
	 * {@code cancel:<id>} with no parameters and, in {@link AbortMode#ABORT} mode, also
	 * {@code abort:<id>} with {@code abort_timeout}.
	 * @param messageId the id of the message
	 * @param mode what to stop
	 * @param abortTimeout how long a running message gets to finish before it is
	 * interrupted; zero to interrupt it at once
	 * @param abortTtl how long the request is kept when no worker consumes it
	 */
	public void abort(String messageId, AbortMode mode, Duration abortTimeout, Duration abortTtl) {
		Objects.requireNonNull(messageId, "'messageId' must not be null");
		Objects.requireNonNull(mode, "'mode' must not be null");
		Objects.requireNonNull(abortTimeout, "'abortTimeout' must not be null");
		if (abortTimeout.isNegative()) {
			throw new IllegalArgumentException("'abortTimeout' must not be negative but was " + abortTimeout + ".");
		}
		positive(abortTtl, "abortTtl");
		List<Event> events = new ArrayList<>();
		events.add(new Event(AbortMode.CANCEL.key(messageId), Map.of()));
		if (mode == AbortMode.ABORT) {
			events.add(new Event(AbortMode.ABORT.key(messageId), Map.of(ABORT_TIMEOUT, abortTimeout.toMillis())));
		}
		this.backend.notify(events, abortTtl);
		logger.info("Requested to {} message '{}'.", mode.value(), messageId);
	}

	/**
	 * Return how long the current message has left before it is interrupted, once it was
	 * aborted with an abort timeout, as dramatiq-abort's {@code abort_requested()}.
	 * @return the time left (zero or negative when due), or empty when no abort was
	 * requested or outside of a worker thread
	 */
	public Optional<Duration> abortRequested() {
		return Interrupts.current().flatMap((run) -> abortRequested(run.messageId()));
	}

	/**
	 * Return how long a message running on this worker has left before it is interrupted,
	 * once it was aborted with an abort timeout.
	 * @param messageId the id of the message
	 * @return the time left, or empty when no abort is pending for it here
	 */
	public Optional<Duration> abortRequested(String messageId) {
		Long deadline = this.requests.get(messageId);
		return (deadline != null) ? Optional.of(Duration.ofNanos(deadline - System.nanoTime())) : Optional.empty();
	}

	@Override
	public Set<String> actorOptions() {
		return Set.of(ABORTABLE);
	}

	@Override
	public List<OptionSpec> actorOptionSpecs() {
		return OPTION_SPECS;
	}

	@Override
	public void beforeWorkerBoot(Broker broker, WorkerView worker) {
		startWatcher();
	}

	@Override
	public void afterWorkerShutdown(Broker broker, WorkerView worker) {
		Thread thread;
		synchronized (this) {
			thread = this.watcher;
			this.watcher = null;
		}
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public void beforeProcessMessage(Broker broker, MessageProxy message) {
		if (!isAbortable(broker, message)) {
			return;
		}
		String messageId = message.messageId();
		if (this.backend.poll(AbortMode.CANCEL.key(messageId)).isPresent()) {
			throw new SkipMessageException("it was aborted.");
		}
		Interrupts.current().ifPresent((run) -> {
			this.running.put(messageId, run);
			startWatcher();
			synchronized (this.idle) {
				this.idle.notifyAll();
			}
		});
	}

	@Override
	public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
		forget(message);
	}

	@Override
	public void afterSkipMessage(Broker broker, MessageProxy message) {
		forget(message);
	}

	private void forget(MessageProxy message) {
		Interrupts.current().ifPresent((run) -> {
			if (this.running.remove(message.messageId(), run)) {
				this.requests.remove(message.messageId());
			}
		});
	}

	private boolean isAbortable(Broker broker, MessageProxy message) {
		Object value = message.options().get(ABORTABLE);
		if (value == null) {
			value = broker.actors()
				.find(message.actorName())
				.map(ActorDefinition::options)
				.map((options) -> options.get(ABORTABLE))
				.orElse(null);
		}
		return (value != null) ? PythonTruth.isTruthy(value) : this.abortable;
	}

	private synchronized void startWatcher() {
		if (this.watcher == null) {
			this.watcher = new Thread(this::watch, "dramatiq-abort-watcher");
			this.watcher.setDaemon(true);
			this.watcher.start();
		}
	}

	private synchronized boolean isWatcher() {
		return this.watcher == Thread.currentThread();
	}

	private void watch() {
		while (isWatcher()) {
			try {
				waitForRequests();
				abortPending();
			}
			catch (RuntimeException ex) {
				if (!isWatcher()) {
					return;
				}
				// keep watching: a backend outage must not end the watcher
				logger.error("Failed to check for abort requests; checking again in {} ms.",
						this.pollInterval.toMillis(), ex);
				pause();
			}
		}
	}

	private void waitForRequests() {
		List<String> keys = new ArrayList<>();
		for (String messageId : this.running.keySet()) {
			if (!this.requests.containsKey(messageId)) {
				keys.add(AbortMode.ABORT.key(messageId));
			}
		}
		if (keys.isEmpty()) {
			pause();
			return;
		}
		this.backend.waitMany(keys, this.pollInterval).ifPresent(this::request);
	}

	private void request(Event event) {
		String key = event.key();
		String messageId = key.substring(key.indexOf(':') + 1);
		long timeout = abortTimeout(event.params().get(ABORT_TIMEOUT), messageId);
		if (this.running.containsKey(messageId)) {
			this.requests.putIfAbsent(messageId, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout));
		}
	}

	private static long abortTimeout(Object value, String messageId) {
		if (value == null) {
			return 0;
		}
		if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
			return Math.max(0, number.longValue());
		}
		logger.warn("Abort request of message '{}' has abort_timeout {}, which is not a number of milliseconds;"
				+ " aborting at once.", messageId, value);
		return 0;
	}

	private void abortPending() {
		long now = System.nanoTime();
		for (Map.Entry<String, Long> entry : this.requests.entrySet()) {
			if (now - entry.getValue() < 0 || !this.requests.remove(entry.getKey(), entry.getValue())) {
				continue;
			}
			String messageId = entry.getKey();
			Interrupts.Run run = this.running.get(messageId);
			if (run != null && run.interrupt(new AbortedException("Message '" + messageId + "' was aborted."))) {
				logger.info("Aborting message '{}'; interrupting worker thread {}.", messageId, run.thread().getName());
			}
		}
	}

	private void pause() {
		synchronized (this.idle) {
			try {
				this.idle.wait(Math.max(1, this.pollInterval.toMillis()));
			}
			catch (InterruptedException ex) {
				// stopping: the loop condition ends the watcher, and a stray interrupt
				// must not turn the next waits into a busy loop
				Thread.interrupted();
			}
		}
	}

}
