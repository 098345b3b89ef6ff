package io.dramatiq.spring.boot.actuate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

import io.dramatiq.abort.AbortMode;
import io.dramatiq.abort.Abortable;
import io.dramatiq.actor.ActorOptions;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.DeadLetterQueues;
import io.dramatiq.broker.QueueNotFoundException;
import io.dramatiq.results.Results;
import io.dramatiq.schedule.Schedule;
import io.dramatiq.schedule.ScheduleState;
import io.dramatiq.spring.ActorOptionLayers;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code dramatiq} actuator endpoint:
 * <ul>
 * <li>{@code GET /actuator/dramatiq}: the broker type, the results backend, the actors
 * (queue, priority, effective options and where each came from), the queues (ready,
 * delayed and dead message counts) and the schedules of periodic actors (expression,
 * zone, next and last run);</li>
 * <li>{@code GET /actuator/dramatiq/{queue}?offset=0&limit=20}: a page of the queue's
 * dead-lettered messages, oldest first;</li>
 * <li>{@code POST /actuator/dramatiq/{queue}} with {@code {"messageId": "…"}}: requeue
 * one dead-lettered message, or with {@code {"all": true}} every one;</li>
 * <li>{@code DELETE /actuator/dramatiq/{queue}}: purge the queue's dead letters;</li>
 * <li>{@code POST /actuator/dramatiq} with {@code {"abort": "<message id>"}}: abort a
 * message, queued or running, or with {@code "mode": "cancel"} as well only if it is
 * still queued (needs {@code dramatiq.abort.enabled=true}).</li>
 * </ul>
 * Its access is read-only by default, so the write operations do not exist until
 * {@code management.endpoint.dramatiq.access=unrestricted}: allow that only behind
 * authentication. The arguments and tracebacks of dead letters are hidden as Spring Boot
 * hides the values of the {@code env} endpoint, unless the {@link Show} given allows
 * them. On RabbitMQ, which can only read a queue by taking its messages out, a page may
 * reach at most {@value #MAX_LIMIT} messages deep.
 */
@Endpoint(id = "dramatiq", defaultAccess = Access.READ_ONLY)
public class DramatiqEndpoint {

	/** How many dead letters a page holds unless the caller says otherwise. */
	public static final int DEFAULT_LIMIT = 20;

	/** How many dead letters a page holds at most. */
	public static final int MAX_LIMIT = 1000;

	private static final String RABBITMQ = "rabbitmq";

	private static final int BAD_REQUEST = 400;

	private final Broker broker;

	private final ActorDescriptions actors;

	private final Show showValues;

	private final Set<String> roles;

	private final Abortable abortable;

	private Supplier<List<ScheduleState>> schedules = List::of;

	/**
	 * Create the endpoint.
	 * @param broker the broker
	 * @param resolvedOptions the effective options of an actor, by actor name, as
	 * {@link io.dramatiq.spring.ActorBeanPostProcessor#resolvedOptions()} has them, or
	 * {@code null} for an actor declared otherwise
	 * @param layers describes where an option came from, or {@code null} to use the
	 * source's own description
	 * @param showValues when the arguments and tracebacks of dead letters are shown
	 * @param roles the roles that may see them under {@link Show#WHEN_AUTHORIZED}; empty
	 * for any authenticated user
	 */
	public DramatiqEndpoint(Broker broker, Function<String, ActorOptions.Resolved> resolvedOptions,
			@Nullable ActorOptionLayers layers, Show showValues, Set<String> roles) {
		this(broker, resolvedOptions, layers, showValues, roles, null);
	}

	/**
	 * Create the endpoint, able to abort messages.
	 * @param broker the broker
	 * @param resolvedOptions the effective options of an actor, by actor name, as
	 * {@link io.dramatiq.spring.ActorBeanPostProcessor#resolvedOptions()} has them, or
	 * {@code null} for an actor declared otherwise
	 * @param layers describes where an option came from, or {@code null} to use the
	 * source's own description
	 * @param showValues when the arguments and tracebacks of dead letters are shown
	 * @param roles the roles that may see them under {@link Show#WHEN_AUTHORIZED}; empty
	 * for any authenticated user
	 * @param abortable the middleware that aborts messages, or {@code null} when aborting
	 * is off
	 */
	public DramatiqEndpoint(Broker broker, Function<String, ActorOptions.Resolved> resolvedOptions,
			@Nullable ActorOptionLayers layers, Show showValues, Set<String> roles, @Nullable Abortable abortable) {
		this.abortable = abortable;
		this.broker = Objects.requireNonNull(broker, "'broker' must not be null");
		this.actors = new ActorDescriptions(broker, resolvedOptions, layers);
		this.showValues = Objects.requireNonNull(showValues, "'showValues' must not be null");
		this.roles = Set.copyOf(Objects.requireNonNull(roles, "'roles' must not be null"));
	}

	/**
	 * Set where the schedules of periodic actors come from, such as
	 * {@link io.dramatiq.schedule.Scheduler#states()}.
	 * @param schedules the schedules with their next and last runs
	 */
	public void setSchedules(Supplier<List<ScheduleState>> schedules) {
		this.schedules = Objects.requireNonNull(schedules, "'schedules' must not be null");
	}

	/**
	 * Return the actors, queues and schedules.
	 * @return the overview
	 */
	@ReadOperation
	public DramatiqDescriptor dramatiq() {
		List<ActorDescriptor> actors = this.actors.all();
		List<QueueDescriptor> queues = new ArrayList<>();
		for (String queueName : new TreeSet<>(this.broker.queueNames())) {
			Broker.QueueCounts counts = this.broker.queueCounts(queueName);
			queues.add(new QueueDescriptor(queueName, counts.ready(), counts.delayed(), counts.dead()));
		}
		List<ScheduleDescriptor> schedules = this.schedules.get()
			.stream()
			.sorted(Comparator.comparing((ScheduleState state) -> state.schedule().actorName()))
			.map(ScheduleDescriptor::of)
			.toList();
		return new DramatiqDescriptor(this.broker.type(), results(), actors, queues, schedules);
	}

	private @Nullable ResultsDescriptor results() {
		return this.broker.middleware()
			.stream()
			.filter(Results.class::isInstance)
			.map((middleware) -> ((Results) middleware).backend())
			.findFirst()
			.map((backend) -> new ResultsDescriptor(backend.type(), backend.namespace(),
					backend.useNamespacePrefixKeys() ? "namespace-prefix" : "md5"))
			.orElse(null);
	}

	/**
	 * Return a page of a queue's dead-lettered messages.
	 * @param queue the canonical queue name
	 * @param offset how many messages to skip, 0 when not given
	 * @param limit how many messages to return, {@value #DEFAULT_LIMIT} when not given,
	 * at most {@value #MAX_LIMIT}; on RabbitMQ {@code offset + limit} is at most
	 * {@value #MAX_LIMIT}
	 * @param securityContext the caller, who sees arguments and tracebacks only if the
	 * {@link Show} of this endpoint allows
	 * @return the page, 400 for a page out of bounds, or 404 for an unknown queue
	 */
	@ReadOperation
	public WebEndpointResponse<Object> deadLetters(@Selector String queue, @Nullable Integer offset,
			@Nullable Integer limit, SecurityContext securityContext) {
		int from = (offset != null) ? offset : 0;
		int size = (limit != null) ? limit : DEFAULT_LIMIT;
		if (from < 0 || size < 0 || size > MAX_LIMIT) {
			return error(BAD_REQUEST, "Parameter 'offset' must be at least 0 and 'limit' from 0 to " + MAX_LIMIT
					+ " but were " + from + " and " + size + ".");
		}
		if (RABBITMQ.equals(this.broker.type()) && (long) from + size > MAX_LIMIT) {
			return error(BAD_REQUEST,
					"Parameters 'offset' and 'limit' must add up to at most " + MAX_LIMIT + " on RabbitMQ but were "
							+ from + " + " + size + ": RabbitMQ can only list a dead-letter queue by taking its first"
							+ " 'offset' + 'limit' messages out for a moment. Requeue or purge dead letters to see"
							+ " later ones.");
		}
		boolean show = this.showValues.isShown(securityContext, this.roles);
		return withDeadLetterQueues(queue, (queues) -> {
			List<Map<String, Object>> messages = queues.list(queue, from, size)
				.stream()
				.map((message) -> MessageBodies.of(message, show))
				.toList();
			return new DeadLettersDescriptor(queue, this.broker.queueCounts(queue).dead(), from, size, messages);
		});
	}

	/**
	 * Requeue one dead-lettered message of a queue, or all of them.
	 * @param queue the canonical queue name
	 * @param messageId the id of the message to requeue
	 * @param all {@code true} to requeue every dead letter of the queue instead
	 * @return how many were requeued; 404 for an unknown queue or message
	 */
	@WriteOperation
	public WebEndpointResponse<Object> requeue(@Selector String queue, @Nullable String messageId,
			@Nullable Boolean all) {
		if ((messageId == null) == !Boolean.TRUE.equals(all)) {
			return error(BAD_REQUEST, "Give either 'messageId' to requeue one dead letter of queue '" + queue
					+ "' or 'all': true to requeue every one.");
		}
		return withDeadLetterQueues(queue, (queues) -> {
			if (messageId == null) {
				return new RequeuedDescriptor(queue, queues.requeueAll(queue));
			}
			if (!queues.requeue(queue, messageId)) {
				return error(WebEndpointResponse.STATUS_NOT_FOUND,
						"Message " + messageId + " is not in the dead-letter queue of '" + queue + "'.");
			}
			return new RequeuedDescriptor(queue, 1);
		});
	}

	/**
	 * Abort a message by id, queued or running, as dramatiq-abort's
	 * {@code abort(message_id, mode=...)}.
	 * @param abort the id of the message
	 * @param mode {@code abort} (the default) to skip it if queued and interrupt it if
	 * running, {@code cancel} to skip it only if queued
	 * @return the request sent; 404 when aborting is off, 400 for an unknown mode
	 */
	@WriteOperation
	public WebEndpointResponse<Object> abort(String abort, @Nullable String mode) {
		if (this.abortable == null) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND,
					"Aborting messages is off. Set dramatiq.abort.enabled=true to turn it on.");
		}
		AbortMode abortMode = AbortMode.ABORT;
		if (mode != null) {
			abortMode = Arrays.stream(AbortMode.values())
				.filter((candidate) -> candidate.value().equalsIgnoreCase(mode.trim()))
				.findFirst()
				.orElse(null);
			if (abortMode == null) {
				return error(BAD_REQUEST, "Unknown mode '" + mode + "': give 'abort' (queued or running) or 'cancel'"
						+ " (queued only).");
			}
		}
		this.abortable.abort(abort, abortMode);
		return new WebEndpointResponse<>(new AbortDescriptor(abort, abortMode.value()));
	}

	/**
	 * Drop every dead-lettered message of a queue.
	 * @param queue the canonical queue name
	 * @return how many were dropped; 404 for an unknown queue
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> purge(@Selector String queue) {
		return withDeadLetterQueues(queue, (queues) -> new PurgedDescriptor(queue, queues.purge(queue)));
	}

	private WebEndpointResponse<Object> withDeadLetterQueues(String queue, Function<DeadLetterQueues, Object> call) {
		String unavailable = DeadLetterLookup.unavailable(this.broker, queue);
		if (unavailable != null) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, unavailable);
		}
		try {
			Object body = call.apply(this.broker.deadLetterQueues().orElseThrow());
			return (body instanceof WebEndpointResponse<?> response) ? cast(response) : new WebEndpointResponse<>(body);
		}
		catch (QueueNotFoundException ex) {
			return error(WebEndpointResponse.STATUS_NOT_FOUND, ex.getMessage());
		}
	}

	@SuppressWarnings("unchecked")
	private static WebEndpointResponse<Object> cast(WebEndpointResponse<?> response) {
		return (WebEndpointResponse<Object>) response;
	}

	private static WebEndpointResponse<Object> error(int status, String message) {
		return new WebEndpointResponse<>(Map.of("status", status, "error", message), status);
	}

	/**
	 * An abort request sent.
	 *
	 * @param messageId the id of the message
	 * @param mode {@code abort} or {@code cancel}
	 */
	public record AbortDescriptor(String messageId, String mode) {

	}

	/**
	 * The endpoint's overview.
	 *
	 * @param broker the broker type
	 * @param results the results backend, or {@code null} when there is none
	 * @param actors the actors, by name
	 * @param queues the declared queues, by name
	 * @param schedules the schedules of periodic actors, by actor name
	 */
	public record DramatiqDescriptor(String broker, @Nullable ResultsDescriptor results, List<ActorDescriptor> actors,
			List<QueueDescriptor> queues, List<ScheduleDescriptor> schedules) {
	}

	/**
	 * The schedule of a periodic actor.
	 *
	 * @param actor the actor name
	 * @param expression when it ticks, such as {@code cron "0 0/5 * * * *"} or
	 * {@code every 30s}
	 * @param zone the time zone of a cron expression, or {@code null}
	 * @param missedTicks what is done about ticks missed while no instance ran
	 * @param nextRun the next tick this instance will claim (ISO-8601), or {@code null}
	 * when its scheduler is not running
	 * @param lastRun the last tick enqueued by any instance (ISO-8601), as the broker
	 * recorded it, or {@code null}
	 */
	public record ScheduleDescriptor(String actor, String expression, @Nullable String zone, String missedTicks,
			@Nullable String nextRun, @Nullable String lastRun) {

		/**
		 * Describe what a scheduler knows of a schedule.
		 * @param state the schedule with its next and last runs
		 * @return the descriptor
		 */
		public static ScheduleDescriptor of(ScheduleState state) {
			Schedule schedule = state.schedule();
			return new ScheduleDescriptor(schedule.actorName(), schedule.trigger().expression(), schedule.zone(),
					schedule.missedTicks().name().toLowerCase(Locale.ROOT).replace('_', '-'),
					(state.nextRun() != null) ? state.nextRun().toString() : null,
					(state.lastRun() != null) ? state.lastRun().toString() : null);
		}

	}

	/**
	 * The results backend.
	 *
	 * @param backend the backend type, such as {@code redis}
	 * @param namespace the namespace of result keys
	 * @param keys how keys are formed: {@code md5} (Python's default) or
	 * {@code namespace-prefix}
	 */
	public record ResultsDescriptor(String backend, String namespace, String keys) {
	}

	/**
	 * An actor.
	 *
	 * @param name the actor name
	 * @param queue the canonical queue name
	 * @param priority the priority (lower runs first)
	 * @param options every effective option, by Python name
	 */
	public record ActorDescriptor(String name, String queue, int priority, Map<String, OptionDescriptor> options) {
	}

	/**
	 * The effective value of an actor option.
	 *
	 * @param value the value, as JSON shows it
	 * @param source where it came from, such as "property
	 * 'dramatiq.actors.[count_words].max-retries'" or "the built-in default"
	 */
	public record OptionDescriptor(@Nullable Object value, String source) {
	}

	/**
	 * A queue's message counts; {@code -1} where the broker cannot tell.
	 *
	 * @param name the canonical queue name
	 * @param ready messages waiting in {@code Q}
	 * @param delayed messages waiting in {@code Q.DQ}
	 * @param dead messages in {@code Q.XQ}
	 */
	public record QueueDescriptor(String name, long ready, long delayed, long dead) {
	}

	/**
	 * A page of dead letters.
	 *
	 * @param queue the canonical queue name
	 * @param total how many dead letters the queue holds
	 * @param offset how many were skipped
	 * @param limit how many were asked for
	 * @param messages the messages, as Python Dramatiq encodes them, their arguments and
	 * tracebacks hidden unless shown
	 */
	public record DeadLettersDescriptor(String queue, long total, int offset, int limit,
			List<Map<String, Object>> messages) {
	}

	/**
	 * The result of a requeue.
	 *
	 * @param queue the canonical queue name
	 * @param requeued how many dead letters went back to the queue
	 */
	public record RequeuedDescriptor(String queue, int requeued) {
	}

	/**
	 * The result of a purge.
	 *
	 * @param queue the canonical queue name
	 * @param purged how many dead letters were dropped
	 */
	public record PurgedDescriptor(String queue, int purged) {
	}

}
