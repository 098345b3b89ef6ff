package io.dramatiq.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

import io.dramatiq.actor.ActorNotFoundException;
import io.dramatiq.broker.Broker;
import io.dramatiq.message.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enqueues the messages of periodic actors: on every tick of a {@link Schedule}, the
 * instance that wins the tick from the {@link ScheduleLock} enqueues a message for the
 * actor, with no arguments and the tick's time, in epoch milliseconds, in the message
 * option {@value #SCHEDULE_TICK}. Every instance computes the same ticks, so running many
 * instances enqueues each tick once.
 * <p>
 * The scheduler runs on one daemon thread. A tick that fails (the broker is unreachable,
 * the actor is unknown) is logged and the schedule goes on with the next one. After a
 * pause of the process longer than {@link #LATE_TICKS}, the ticks that passed meanwhile
 * are skipped rather than enqueued one after the other.
 */
public class Scheduler implements AutoCloseable {

	/** The message option that holds the tick a scheduled message was enqueued for. */
	public static final String SCHEDULE_TICK = "schedule_tick";

	/** How late a tick may be enqueued; later ones are skipped. */
	public static final Duration LATE_TICKS = Duration.ofSeconds(30);

	/** The longest wait between two looks at the clock, so a clock change is noticed. */
	private static final long MAX_WAIT_MILLIS = 1000;

	private static final Logger logger = LoggerFactory.getLogger(Scheduler.class);

	private final Broker broker;

	private final ScheduleLock lock;

	private final List<Entry> entries;

	private final Clock clock;

	private final Object monitor = new Object();

	private Thread thread;

	private volatile boolean running;

	/**
	 * Create a scheduler on the system clock.
	 * @param broker the broker to enqueue on, whose actors include every scheduled one
	 * when the scheduler starts
	 * @param lock the lock that picks which instance enqueues a tick
	 * @param schedules the schedules, at most one per actor
	 */
	public Scheduler(Broker broker, ScheduleLock lock, List<Schedule> schedules) {
		this(broker, lock, schedules, Clock.systemUTC());
	}

	/**
	 * Create a scheduler.
	 * @param broker the broker to enqueue on
	 * @param lock the lock that picks which instance enqueues a tick
	 * @param schedules the schedules, at most one per actor
	 * @param clock the clock
	 * @throws IllegalArgumentException if two schedules name the same actor
	 */
	public Scheduler(Broker broker, ScheduleLock lock, List<Schedule> schedules, Clock clock) {
		this.broker = Objects.requireNonNull(broker, "'broker' must not be null");
		this.lock = Objects.requireNonNull(lock, "'lock' must not be null");
		this.clock = Objects.requireNonNull(clock, "'clock' must not be null");
		Objects.requireNonNull(schedules, "'schedules' must not be null");
		this.entries = new ArrayList<>();
		for (Schedule schedule : schedules) {
			if (this.entries.stream().anyMatch((entry) -> entry.schedule.actorName().equals(schedule.actorName()))) {
				throw new IllegalArgumentException("Actor '" + schedule.actorName() + "' has two schedules.");
			}
			this.entries.add(new Entry(schedule));
		}
	}

	/**
	 * Return the schedules.
	 * @return the schedules
	 */
	public List<Schedule> schedules() {
		return this.entries.stream().map((entry) -> entry.schedule).toList();
	}

	/**
	 * Return the lock.
	 * @return the lock
	 */
	public ScheduleLock lock() {
		return this.lock;
	}

	/**
	 * Start ticking, unless there is no schedule. Ticks missed while no instance ran are
	 * enqueued once first for the schedules that ask for it.
	 * @throws ActorNotFoundException if a scheduled actor is not known to the broker
	 */
	public void start() {
		synchronized (this.monitor) {
			if (this.running || this.entries.isEmpty()) {
				return;
			}
			for (Entry entry : this.entries) {
				this.broker.actors()
					.queueNameOf(entry.schedule.actorName())
					.orElseThrow(() -> unknownActor(entry.schedule.actorName()));
			}
			Instant now = this.clock.instant();
			for (Entry entry : this.entries) {
				entry.next = entry.schedule.trigger().next(now);
				entry.catchUp = (entry.schedule.missedTicks() == MissedTicks.RUN_ONCE) ? missedTick(entry, now) : null;
			}
			this.running = true;
			this.thread = new Thread(this::run, "dramatiq-scheduler");
			this.thread.setDaemon(true);
			this.thread.start();
		}
		logger.info("Scheduler started with {} schedule(s) on actors {}; the lock is {}.", this.entries.size(),
				this.entries.stream().map((entry) -> entry.schedule.actorName()).toList(), this.lock.describe());
	}

	private Instant missedTick(Entry entry, Instant now) {
		try {
			Optional<Instant> last = this.lock.lastTick(entry.schedule.actorName());
			Instant missed = last.map(entry.schedule.trigger()::next).orElse(null);
			return (missed != null && !missed.isAfter(now)) ? missed : null;
		}
		catch (RuntimeException ex) {
			logger.error("Could not read the last tick of actor '{}' to enqueue the ticks it missed; they are skipped.",
					entry.schedule.actorName(), ex);
			return null;
		}
	}

	/**
	 * Stop ticking and wait for a tick being enqueued. The lock stays open.
	 */
	public void stop() {
		Thread running;
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			running = this.thread;
			this.thread = null;
			this.monitor.notifyAll();
		}
		try {
			running.join(Duration.ofSeconds(10).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (Entry entry : this.entries) {
			entry.next = null;
		}
		logger.info("Scheduler stopped.");
	}

	/**
	 * Return whether the scheduler is ticking.
	 * @return whether it runs
	 */
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stop ticking and release the lock.
	 */
	@Override
	public void close() {
		stop();
		this.lock.close();
	}

	/**
	 * Return each schedule with its next tick on this instance and the last tick the
	 * broker recorded.
	 * @return the states, in the order of the schedules
	 */
	public List<ScheduleState> states() {
		List<ScheduleState> states = new ArrayList<>();
		for (Entry entry : this.entries) {
			Instant last;
			try {
				last = this.lock.lastTick(entry.schedule.actorName()).orElse(null);
			}
			catch (RuntimeException ex) {
				logger.debug("Could not read the last tick of actor '{}'.", entry.schedule.actorName(), ex);
				last = null;
			}
			states.add(new ScheduleState(entry.schedule, this.running ? entry.next : null, last));
		}
		return states;
	}

	private void run() {
		for (Entry entry : this.entries) {
			if (entry.catchUp != null && this.running) {
				// the first missed tick names the catch-up: every instance starting from
				// the same recorded tick claims the same one
				fire(entry, entry.catchUp, this.clock.instant());
				entry.catchUp = null;
			}
		}
		while (this.running) {
			Instant now = this.clock.instant();
			Entry due = null;
			for (Entry entry : this.entries) {
				if (entry.next != null && (due == null || entry.next.isBefore(due.next))) {
					due = entry;
				}
			}
			if (due != null && !due.next.isAfter(now)) {
				Instant tick = due.next;
				if (Duration.between(tick, now).compareTo(LATE_TICKS) <= 0) {
					fire(due, tick, tick);
				}
				else {
					logger.warn("Skipped tick {} of actor '{}': it is {} late (the process was paused?).", tick,
							due.schedule.actorName(), Duration.between(tick, now));
				}
				Instant next = due.schedule.trigger().next(tick);
				due.next = (next != null && Duration.between(next, now).compareTo(LATE_TICKS) > 0)
						? due.schedule.trigger().next(now) : next;
				continue;
			}
			long wait = (due != null) ? Math.min(MAX_WAIT_MILLIS, Duration.between(now, due.next).toMillis())
					: MAX_WAIT_MILLIS;
			synchronized (this.monitor) {
				if (this.running) {
					try {
						this.monitor.wait(Math.max(1, wait));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			}
		}
	}

	/**
	 * Enqueue a tick if this instance wins it.
	 */
	private void fire(Entry entry, Instant tick, Instant recordAs) {
		String actorName = entry.schedule.actorName();
		try {
			if (!this.lock.claim(actorName, tick)) {
				logger.debug("Tick {} of actor '{}' belongs to another instance.", tick, actorName);
				return;
			}
			String queueName = this.broker.actors().queueNameOf(actorName).orElseThrow(() -> unknownActor(actorName));
			Message message = this.broker.enqueue(Message.create(queueName, actorName, List.of(), Map.of(),
					Map.of(SCHEDULE_TICK, tick.toEpochMilli())));
			this.lock.recordTick(actorName, recordAs);
			logger.debug("Enqueued message {} of periodic actor '{}' for tick {}.", message.messageId(), actorName,
					tick);
		}
		catch (RuntimeException ex) {
			logger.error("Could not enqueue tick {} of periodic actor '{}'; the schedule goes on with the next tick.",
					tick, actorName, ex);
		}
	}

	private ActorNotFoundException unknownActor(String actorName) {
		return new ActorNotFoundException("Actor '" + actorName + "' has a schedule but is not declared on the "
				+ this.broker.type() + " broker; its actors are "
				+ new TreeSet<>(
						this.broker.actors().all().stream().map(io.dramatiq.actor.ActorDefinition::actorName).toList())
				+ ". Check the actor's name.");
	}

	/**
	 * A schedule and this instance's next tick.
	 */
	private static final class Entry {

		private final Schedule schedule;

		private volatile Instant next;

		private volatile Instant catchUp;

		Entry(Schedule schedule) {
			this.schedule = schedule;
		}

	}

}
