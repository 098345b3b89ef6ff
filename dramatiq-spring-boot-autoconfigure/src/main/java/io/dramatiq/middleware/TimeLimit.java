package io.dramatiq.middleware;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.WorkerView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops actors that run longer than their time limit, as Python Dramatiq's
 * {@code TimeLimit} ({@code dramatiq/middleware/time_limit.py}).
 * <p>
 * The limit is the message option {@code time_limit} (milliseconds) when truthy, else the
 * actor option {@code time_limit}, else this middleware's default (10 minutes). Infinity
 * ({@code Infinity} on the wire, {@link Double#POSITIVE_INFINITY} or {@code "infinity"}
 * in Java) disables it.
 * <p>
 * <strong>Best effort, as in Python.</strong> Java cannot raise an exception inside
 * another thread. A monitor thread checks the running messages every {@code interval}
 * (one second by default) and {@linkplain Thread#interrupt() interrupts} the worker
 * thread of each message past its deadline, so the actor is stopped between the limit and
 * the limit plus the interval:
 * <ul>
 * <li>an actor that sleeps, waits or does interruptible I/O gets an
 * {@link InterruptedException} (or {@link java.io.InterruptedIOException},
 * {@link java.nio.channels.ClosedByInterruptException}, ...); whatever then escapes the
 * actor is reported as {@link TimeLimitExceededException} (type
 * {@code TimeLimitExceeded}), so {@link Retries} retries it and {@link Callbacks} reports
 * it;</li>
 * <li>an actor that loops calls {@link #check()} (or {@link Interrupts#check()}), which
 * throws a real {@link TimeLimitExceededException} once the limit passed, also right
 * after catching {@code InterruptedException}. The actor may catch it to clean up; an
 * actor that catches it and returns normally counts as a success, as in Python;</li>
 * <li>code that ignores interrupts (a busy loop without checkpoint, a blocking call that
 * is not interruptible) keeps running, just as Python cannot interrupt a blocking system
 * call.</li>
 * </ul>
 * The interruption never reaches the next message of the same thread: it is only accepted
 * while the actor runs and the thread's interrupt flag is cleared when the actor returns.
 */
public class TimeLimit implements Middleware {

	/** The option holding the time limit in milliseconds. */
	public static final String TIME_LIMIT = "time_limit";

	/** Python's default time limit: 10 minutes. */
	public static final Duration DEFAULT_TIME_LIMIT = Duration.ofMillis(600000);

	/** Python's default interval between two checks of the running messages. */
	public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(1000);

	/** The actor options this middleware reads, with Python's defaults (spec §12.2). */
	static final List<OptionSpec> OPTION_SPECS = List
		.of(new OptionSpec(TIME_LIMIT, Kind.TIME_LIMIT, DEFAULT_TIME_LIMIT.toMillis(), "TimeLimit"));

	private static final Logger logger = LoggerFactory.getLogger(TimeLimit.class);

	private final Duration timeLimit;

	private final Duration interval;

	private final Map<Interrupts.Run, Deadline> deadlines = new ConcurrentHashMap<>();

	private volatile ScheduledExecutorService monitor;

	/**
	 * Create the middleware with Python's defaults: 10 minutes, checked every second.
	 */
	public TimeLimit() {
		this(DEFAULT_TIME_LIMIT, DEFAULT_INTERVAL);
	}

	/**
	 * Create the middleware, checked every second.
	 * @param timeLimit the limit of messages whose actor and message set none, or
	 * {@code null} for none
	 */
	public TimeLimit(Duration timeLimit) {
		this(timeLimit, DEFAULT_INTERVAL);
	}

	/**
	 * Create the middleware.
	 * @param timeLimit the limit of messages whose actor and message set none, or
	 * {@code null} for none
	 * @param interval how often running messages are checked
	 */
	public TimeLimit(Duration timeLimit, Duration interval) {
		Objects.requireNonNull(interval, "'interval' must not be null");
		if (interval.isNegative() || interval.isZero()) {
			throw new IllegalArgumentException("'interval' must be positive but was " + interval + ".");
		}
		this.timeLimit = timeLimit;
		this.interval = interval;
	}

	/**
	 * Throw a {@link TimeLimitExceededException} if the current message ran past its time
	 * limit, for actors that loop or that caught an {@link InterruptedException}. Same as
	 * {@link Interrupts#check()}, which may also throw a pending
	 * {@link ShutdownException}.
	 * @throws InterruptException when the actor must stop
	 */
	public static void check() {
		Interrupts.check();
	}

	/**
	 * Return the default limit.
	 * @return the limit, or {@code null} for none
	 */
	public Duration timeLimit() {
		return this.timeLimit;
	}

	/**
	 * Return how often running messages are checked.
	 * @return the interval
	 */
	public Duration interval() {
		return this.interval;
	}

	@Override
	public Set<String> actorOptions() {
		return OptionSpecs.names(OPTION_SPECS);
	}

	@Override
	public List<OptionSpec> actorOptionSpecs() {
		return OPTION_SPECS;
	}

	@Override
	public void beforeProcessMessage(Broker broker, MessageProxy message) {
		Object defaultValue = (this.timeLimit != null) ? this.timeLimit.toMillis() : null;
		Object value = Options.truthyFirst(broker, message, TIME_LIMIT, defaultValue);
		if (value == null) {
			return;
		}
		double limit = Options.millis(value);
		if (Double.isInfinite(limit) || Double.isNaN(limit)) {
			return;
		}
		Interrupts.Run run = Interrupts.current().orElse(null);
		if (run == null) {
			return;
		}
		long limitNanos = (long) Math.min(Math.max(limit, 0) * 1e6, Long.MAX_VALUE / 4);
		long deadline = System.nanoTime() + limitNanos;
		long limitMillis = (long) limit;
		String messageId = message.messageId();
		run.deadline(deadline, () -> exceeded(messageId, limitMillis));
		this.deadlines.put(run, new Deadline(deadline, limitMillis, messageId));
		startMonitor();
	}

	@Override
	public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
		Interrupts.current().ifPresent(this.deadlines::remove);
	}

	@Override
	public void afterSkipMessage(Broker broker, MessageProxy message) {
		Interrupts.current().ifPresent(this.deadlines::remove);
	}

	@Override
	public void afterWorkerShutdown(Broker broker, WorkerView worker) {
		synchronized (this) {
			if (this.monitor != null && this.deadlines.isEmpty()) {
				this.monitor.shutdownNow();
				this.monitor = null;
			}
		}
	}

	private void startMonitor() {
		// checked without the lock first: this runs before every message
		if (this.monitor != null) {
			return;
		}
		synchronized (this) {
			if (this.monitor != null) {
				return;
			}
			ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "dramatiq-time-limit");
				thread.setDaemon(true);
				return thread;
			});
			long period = this.interval.toNanos();
			monitor.scheduleAtFixedRate(this::checkDeadlines, period, period, TimeUnit.NANOSECONDS);
			this.monitor = monitor;
		}
	}

	private void checkDeadlines() {
		try {
			interruptExpired();
		}
		catch (RuntimeException ex) {
			// an exception would cancel the periodic check for good
			logger.error("Failed to check the time limits of running messages.", ex);
		}
	}

	private void interruptExpired() {
		long now = System.nanoTime();
		for (Map.Entry<Interrupts.Run, Deadline> entry : this.deadlines.entrySet()) {
			Deadline deadline = entry.getValue();
			if (now - deadline.nanos() < 0 || !this.deadlines.remove(entry.getKey(), deadline)) {
				continue;
			}
			Interrupts.Run run = entry.getKey();
			if (run.interrupt(exceeded(deadline.messageId(), deadline.limitMillis()))) {
				logger.warn("Time limit of {} ms exceeded for message '{}'; interrupting worker thread {}.",
						deadline.limitMillis(), deadline.messageId(), run.thread().getName());
			}
		}
	}

	private static TimeLimitExceededException exceeded(String messageId, long limitMillis) {
		return new TimeLimitExceededException(
				"Message '" + messageId + "' exceeded its time limit of " + limitMillis + " ms.");
	}

	private record Deadline(long nanos, long limitMillis, String messageId) {
	}

}
