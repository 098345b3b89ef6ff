package io.dramatiq.metrics;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.WorkerView;
import io.dramatiq.message.Message;
import io.dramatiq.message.QueueNames;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer metrics of brokers and workers, the Java counterpart of Python Dramatiq's
 * {@code Prometheus} middleware. With a Prometheus registry a scrape yields Python's
 * names, so its Grafana dashboards work unchanged:
 * <ul>
 * <li>{@code dramatiq_messages_total}, {@code dramatiq_message_errors_total},
 * {@code dramatiq_message_retries_total} and {@code dramatiq_message_rejects_total}
 * counters;</li>
 * <li>{@code dramatiq_messages_inprogress} and
 * {@code dramatiq_delayed_messages_inprogress} gauges;</li>
 * <li>the {@code dramatiq_message_duration_milliseconds} histogram, with Python's
 * buckets;</li>
 * </ul>
 * all tagged {@code queue_name} (always the canonical name) and {@code actor_name}; plus
 * {@code dramatiq_queue_ready_messages}, {@code dramatiq_queue_delayed_messages} and
 * {@code dramatiq_queue_dead_messages} gauges per declared queue, tagged
 * {@code queue_name}, which ask the broker at scrape time and cache its answer briefly.
 * <p>
 * Unlike Python, a retry is counted once (when it is scheduled on the delay queue, not
 * again when a worker moves it back), and the delayed gauge goes down when the held
 * delivery is acked or nacked, under the same labels it went up with. Add this middleware
 * first, before the actors are declared, so that it sees every message.
 */
public class DramatiqMetrics implements Middleware {

	/** Counter of processed (or skipped) messages. */
	public static final String MESSAGES = "dramatiq.messages";

	/** Counter of messages whose actor raised. */
	public static final String MESSAGE_ERRORS = "dramatiq.message.errors";

	/** Counter of retries scheduled on the delay queue. */
	public static final String MESSAGE_RETRIES = "dramatiq.message.retries";

	/** Counter of nacked, that is dead-lettered, messages. */
	public static final String MESSAGE_REJECTS = "dramatiq.message.rejects";

	/** Gauge of messages whose actor runs. */
	public static final String MESSAGES_IN_PROGRESS = "dramatiq.messages.inprogress";

	/** Gauge of delayed messages a worker holds until their {@code eta}. */
	public static final String DELAYED_MESSAGES_IN_PROGRESS = "dramatiq.delayed.messages.inprogress";

	/** Distribution summary of processing times, in milliseconds. */
	public static final String MESSAGE_DURATION = "dramatiq.message.duration";

	/** Gauge of messages waiting in a queue. */
	public static final String QUEUE_READY_MESSAGES = "dramatiq.queue.ready";

	/** Gauge of messages waiting in a queue's delay queue. */
	public static final String QUEUE_DELAYED_MESSAGES = "dramatiq.queue.delayed";

	/** Gauge of messages in a queue's dead-letter queue. */
	public static final String QUEUE_DEAD_MESSAGES = "dramatiq.queue.dead";

	/** Tag holding the canonical queue name. */
	public static final String QUEUE_NAME_TAG = "queue_name";

	/** Tag holding the actor name. */
	public static final String ACTOR_NAME_TAG = "actor_name";

	/** How long queue counts read from the broker are reused by default. */
	public static final Duration DEFAULT_QUEUE_COUNTS_CACHE_TIME = Duration.ofSeconds(1);

	static final String MILLISECONDS = "milliseconds";

	static final String MESSAGES_UNIT = "messages";

	private static final String RETRIES_OPTION = "retries";

	private final MeterRegistry registry;

	private final Clock clock;

	private final long queueCountsCacheNanos;

	// raw queue name (Q or Q.DQ) -> actor name -> meters; both raw names of a queue share
	// one inner map, labelled with the canonical name
	private final ConcurrentMap<String, ConcurrentMap<String, ActorMeters>> meters = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, QueueDepth> queueDepths = new ConcurrentHashMap<>();

	// message id -> the delayed message a consumer holds
	private final ConcurrentMap<String, Held> held = new ConcurrentHashMap<>();

	private final ThreadLocal<Processing> processing = ThreadLocal.withInitial(Processing::new);

	/**
	 * Create the metrics with the default queue counts cache time.
	 * @param registry the registry to register the meters in
	 */
	public DramatiqMetrics(MeterRegistry registry) {
		this(registry, DEFAULT_QUEUE_COUNTS_CACHE_TIME);
	}

	/**
	 * Create the metrics.
	 * @param registry the registry to register the meters in
	 * @param queueCountsCacheTime how long the queue depth gauges reuse the counts read
	 * from the broker
	 */
	public DramatiqMetrics(MeterRegistry registry, Duration queueCountsCacheTime) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
		Objects.requireNonNull(queueCountsCacheTime, "'queueCountsCacheTime' must not be null");
		if (queueCountsCacheTime.isNegative()) {
			throw new IllegalArgumentException(
					"'queueCountsCacheTime' must not be negative but was " + queueCountsCacheTime + ".");
		}
		this.clock = registry.config().clock();
		this.queueCountsCacheNanos = queueCountsCacheTime.toNanos();
	}

	@Override
	public void afterDeclareQueue(Broker broker, String queueName) {
		bindQueue(broker, queueName);
	}

	@Override
	public void afterDeclareActor(Broker broker, ActorDefinition actor) {
		// so that dashboards show zeros before the first message
		meters(actor.queueName(), actor.actorName());
	}

	@Override
	public void beforeWorkerBoot(Broker broker, WorkerView worker) {
		// queues declared before this middleware was added
		for (String queueName : broker.queueNames()) {
			bindQueue(broker, queueName);
		}
	}

	private void bindQueue(Broker broker, String queueName) {
		String canonical = QueueNames.canonical(queueName);
		if (this.queueDepths.containsKey(canonical)) {
			return;
		}
		QueueDepth depth = new QueueDepth(broker, canonical, this.clock, this.queueCountsCacheNanos);
		if (this.queueDepths.putIfAbsent(canonical, depth) == null) {
			depth.register(this.registry);
		}
	}

	@Override
	public void afterEnqueue(Broker broker, Message message, Duration delay) {
		// Retries schedules a retry on the delay queue; the worker's move back to the
		// canonical queue keeps the option but is not another retry
		if (QueueNames.isDelay(message.queueName()) && message.options().containsKey(RETRIES_OPTION)) {
			meters(message.queueName(), message.actorName()).retries.increment();
		}
	}

	@Override
	public void beforeDelayMessage(Broker broker, MessageProxy message) {
		ActorMeters actorMeters = meters(message.queueName(), message.actorName());
		Held previous = this.held.put(message.messageId(), new Held(message, actorMeters));
		actorMeters.delayed.incrementAndGet();
		if (previous != null) {
			// delivered again after a consumer dropped it: count it once
			previous.meters.delayed.decrementAndGet();
		}
	}

	@Override
	public void beforeProcessMessage(Broker broker, MessageProxy message) {
		Processing current = this.processing.get();
		if (current.message != null) {
			// the after hooks of the previous message never reached this middleware
			current.meters.inProgress.decrementAndGet();
		}
		ActorMeters actorMeters = meters(message.queueName(), message.actorName());
		actorMeters.inProgress.incrementAndGet();
		current.message = message;
		current.meters = actorMeters;
		current.start = this.clock.monotonicTime();
	}

	@Override
	public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
		finish(message, exception != null);
	}

	@Override
	public void afterSkipMessage(Broker broker, MessageProxy message) {
		finish(message, false);
	}

	private void finish(MessageProxy message, boolean failed) {
		Processing current = this.processing.get();
		ActorMeters actorMeters;
		double millis;
		if (current.message == message) {
			actorMeters = current.meters;
			actorMeters.inProgress.decrementAndGet();
			millis = (this.clock.monotonicTime() - current.start) / 1e6;
			current.message = null;
			current.meters = null;
		}
		else if (current.finished == message) {
			// the hooks ran again because a middleware raised from an after hook
			return;
		}
		else {
			// skipped by a middleware that runs before this one: it took no time here
			actorMeters = meters(message.queueName(), message.actorName());
			millis = 0;
		}
		current.finished = message;
		actorMeters.messages.increment();
		if (failed) {
			actorMeters.errors.increment();
		}
		actorMeters.duration.record(millis);
	}

	@Override
	public void afterAck(Broker broker, MessageProxy message) {
		release(message);
	}

	@Override
	public void afterNack(Broker broker, MessageProxy message) {
		release(message);
		meters(message.queueName(), message.actorName()).rejects.increment();
	}

	/** Count a held delayed message out once its own delivery is acked or nacked. */
	private void release(MessageProxy message) {
		Held entry = this.held.get(message.messageId());
		if (entry != null && entry.message == message && this.held.remove(message.messageId(), entry)) {
			entry.meters.delayed.decrementAndGet();
		}
	}

	@Override
	public void afterWorkerShutdown(Broker broker, WorkerView worker) {
		// the worker handed its held delayed messages back to the broker
		for (Map.Entry<String, Held> entry : this.held.entrySet()) {
			if (this.held.remove(entry.getKey(), entry.getValue())) {
				entry.getValue().meters.delayed.decrementAndGet();
			}
		}
	}

	private ActorMeters meters(String queueName, String actorName) {
		ConcurrentMap<String, ActorMeters> byActor = this.meters.get(queueName);
		if (byActor == null) {
			String canonical = QueueNames.canonical(queueName);
			byActor = this.meters.computeIfAbsent(canonical, (q) -> new ConcurrentHashMap<>());
			this.meters.putIfAbsent(queueName, byActor);
		}
		ActorMeters actorMeters = byActor.get(actorName);
		if (actorMeters == null) {
			actorMeters = byActor.computeIfAbsent(actorName,
					(a) -> new ActorMeters(this.registry, QueueNames.canonical(queueName), a));
		}
		return actorMeters;
	}

	private record Held(MessageProxy message, ActorMeters meters) {
	}

	/** The message a worker thread runs, as seen from this middleware's hooks. */
	private static final class Processing {

		private MessageProxy message;

		private ActorMeters meters;

		private long start;

		private MessageProxy finished;

	}

}
