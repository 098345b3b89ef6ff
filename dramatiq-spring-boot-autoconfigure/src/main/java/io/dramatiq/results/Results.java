package io.dramatiq.results;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import io.dramatiq.Durations;
import io.dramatiq.ExceptionNames;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ArgumentEncoder;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.message.EncodeException;
import io.dramatiq.message.Message;
import io.dramatiq.message.PythonTruth;

/**
 * Stores what actors return, as Python Dramatiq's {@code Results} middleware (spec
 * §10.1): actor and message options {@code store_results} (off by default) and
 * {@code result_ttl} (10 minutes by default); a message option wins over the actor's when
 * present.
 * <p>
 * A successful actor's return value is stored once converted to plain JSON values (a
 * record or bean as an object, with the application's {@link JsonMapper}); a message
 * skipped without failing stores {@code null}; a message that failed for good (retries
 * exhausted, an exception listed in {@code throws}, an age or time limit) stores Python's
 * failure envelope once it is rejected. Nothing is stored for an attempt that will be
 * retried, nor for a message whose actor is not declared on the broker.
 * <p>
 * The result is stored before the {@code Pipelines} and {@code GroupCallbacks} hooks
 * enqueue what may read it at once (a pipeline's next step, a group's callbacks) only
 * when this middleware comes after them in the broker's list, as "after" hooks run in
 * reverse order.
 * <p>
 * {@link MessageResult#toFuture(Duration)} waits on a small cached pool of daemon threads
 * that belongs to this middleware: each pending future holds one thread while it waits,
 * and idle threads end after a minute.
 */
public class Results implements Middleware {

	/** The option saying whether to store an actor's results. */
	public static final String STORE_RESULTS = "store_results";

	/** The option holding how long results are kept, in milliseconds. */
	public static final String RESULT_TTL = "result_ttl";

	/** Python's default time to live of results: 10 minutes. */
	public static final Duration DEFAULT_RESULT_TTL = Duration.ofMillis(600000);

	/** The option of pipelines naming the next message, which consumes a result. */
	private static final String PIPE_TARGET = "pipe_target";

	/** The actor options this middleware reads, with Python's defaults (spec §12.2). */
	static final List<OptionSpec> OPTION_SPECS = List.of(new OptionSpec(STORE_RESULTS, Kind.BOOLEAN, false, "Results"),
			new OptionSpec(RESULT_TTL, Kind.DURATION, DEFAULT_RESULT_TTL.toMillis(), "Results"));

	private static final Logger logger = LoggerFactory.getLogger(Results.class);

	private final ResultBackend backend;

	private final boolean storeResults;

	private final Duration resultTtl;

	private final JsonMapper mapper;

	private final ArgumentEncoder encoder;

	private final Set<String> warnedActors = ConcurrentHashMap.newKeySet();

	private volatile ExecutorService executor;

	/**
	 * Create the middleware with Python's defaults and a default {@link JsonMapper}.
	 * @param backend the result backend
	 */
	public Results(ResultBackend backend) {
		this(backend, JsonMapper.builder().build());
	}

	/**
	 * Create the middleware with Python's defaults.
	 * @param backend the result backend
	 * @param mapper the mapper that turns return values into JSON values and back
	 */
	public Results(ResultBackend backend, JsonMapper mapper) {
		this(backend, false, DEFAULT_RESULT_TTL, mapper);
	}

	/**
	 * Create the middleware.
	 * @param backend the result backend
	 * @param storeResults whether actors that set no {@code store_results} store their
	 * results
	 * @param resultTtl the time to live of results whose actor and message set none
	 * @param mapper the mapper that turns return values into JSON values and back
	 */
	public Results(ResultBackend backend, boolean storeResults, Duration resultTtl, JsonMapper mapper) {
		this.backend = Objects.requireNonNull(backend, "'backend' must not be null");
		this.storeResults = storeResults;
		this.resultTtl = Objects.requireNonNull(resultTtl, "'resultTtl' must not be null");
		this.mapper = Objects.requireNonNull(mapper, "'mapper' must not be null");
		this.encoder = new ArgumentEncoder(mapper);
	}

	/**
	 * Return the results middleware of a broker.
	 * @param broker the broker
	 * @return its results middleware
	 * @throws IllegalStateException if the broker has none
	 */
	public static Results of(Broker broker) {
		return find(broker.middleware())
			.orElseThrow(() -> new IllegalStateException("No results backend is configured: the broker has no "
					+ "Results middleware. Add one with a ResultBackend (such as RedisResultBackend) to read "
					+ "results (with the Spring Boot starter, set dramatiq.results.backend to redis or stub)."));
	}

	private static Optional<Results> find(Collection<Middleware> middleware) {
		return middleware.stream().filter(Results.class::isInstance).map(Results.class::cast).findFirst();
	}

	/**
	 * Return the backend results are stored in.
	 * @return the backend
	 */
	public ResultBackend backend() {
		return this.backend;
	}

	/**
	 * Return the mapper results are converted with.
	 * @return the mapper
	 */
	public JsonMapper mapper() {
		return this.mapper;
	}

	/**
	 * Return a handle on a message's result, typed by the actor method's return type when
	 * the actor is declared on the broker, else as plain JSON values.
	 * @param <T> the result type
	 * @param broker the broker the actor may be declared on
	 * @param message the message
	 * @return the handle
	 */
	public <T> MessageResult<T> result(Broker broker, Message message) {
		Type type = broker.actors()
			.find(message.actorName())
			.map((actor) -> actor.function().returnType())
			.orElse(Object.class);
		return result(message, type);
	}

	/**
	 * Return a handle on a message's result converted to a given type.
	 * @param <T> the result type
	 * @param message the message
	 * @param type the type to convert the stored value to; {@code Object} keeps plain
	 * JSON values
	 * @return the handle
	 */
	public <T> MessageResult<T> result(Message message, Type type) {
		Objects.requireNonNull(message, "'message' must not be null");
		return new MessageResult<>(this, message, this.mapper.constructType(type));
	}

	@Override
	public Set<String> actorOptions() {
		return Set.of(STORE_RESULTS, RESULT_TTL);
	}

	@Override
	public List<OptionSpec> actorOptionSpecs() {
		return OPTION_SPECS;
	}

	@Override
	public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
		if (exception != null || message.isFailed()) {
			return;
		}
		Optional<ActorDefinition> actor = broker.actors().find(message.actorName());
		if (actor.isEmpty()) {
			return;
		}
		if (storesResults(actor.get(), message)) {
			store(actor.get(), message, result);
		}
		else if (result != null && message.options().get(PIPE_TARGET) == null
				&& this.warnedActors.add(message.actorName())) {
			logger.warn("Actor '{}' returned a value but does not store results, so the value is dropped. Set "
					+ "store_results on the actor to keep it. (Logged once per actor.)", message.actorName());
		}
	}

	@Override
	public void afterSkipMessage(Broker broker, MessageProxy message) {
		if (message.isFailed()) {
			return;
		}
		broker.actors()
			.find(message.actorName())
			.filter((actor) -> storesResults(actor, message))
			.ifPresent((actor) -> store(actor, message, null));
	}

	@Override
	public void afterNack(Broker broker, MessageProxy message) {
		if (!message.isFailed()) {
			return;
		}
		broker.actors()
			.find(message.actorName())
			.filter((actor) -> storesResults(actor, message))
			.ifPresent((actor) -> {
				Throwable exception = message.exception();
				String type = (exception != null) ? ExceptionNames.typeName(exception) : "Exception";
				String text = (exception != null) ? ExceptionNames.text(exception) : "unknown";
				this.backend.storeFailure(message.message(), type, text, ttl(actor, message));
			});
	}

	private void store(ActorDefinition actor, MessageProxy message, Object result) {
		Object value;
		try {
			value = this.encoder.encode(result, "result of actor '" + actor.actorName() + "'");
		}
		catch (EncodeException ex) {
			logger.error("Cannot store the result of message '{}': {}", message.messageId(), ex.getMessage());
			return;
		}
		this.backend.storeResult(message.message(), value, ttl(actor, message));
	}

	private boolean storesResults(ActorDefinition actor, MessageProxy message) {
		return PythonTruth.isTruthy(option(actor, message, STORE_RESULTS, this.storeResults));
	}

	private Duration ttl(ActorDefinition actor, MessageProxy message) {
		Object value = option(actor, message, RESULT_TTL, this.resultTtl.toMillis());
		return (value != null) ? Duration.ofMillis(Durations.toMillis(value)) : this.resultTtl;
	}

	// the message's option when present, else the actor's when present, else the default
	private static Object option(ActorDefinition actor, MessageProxy message, String key, Object defaultValue) {
		Map<String, Object> options = message.options();
		if (options.containsKey(key)) {
			return options.get(key);
		}
		return actor.options().containsKey(key) ? actor.options().get(key) : defaultValue;
	}

	/**
	 * Return the pool that {@link MessageResult#toFuture(Duration)} waits on, created on
	 * first use.
	 */
	ExecutorService executor() {
		ExecutorService current = this.executor;
		if (current == null) {
			synchronized (this) {
				current = this.executor;
				if (current == null) {
					AtomicInteger count = new AtomicInteger();
					current = Executors.newCachedThreadPool((task) -> {
						Thread thread = new Thread(task, "dramatiq-results-" + count.incrementAndGet());
						thread.setDaemon(true);
						return thread;
					});
					this.executor = current;
				}
			}
		}
		return current;
	}

}
