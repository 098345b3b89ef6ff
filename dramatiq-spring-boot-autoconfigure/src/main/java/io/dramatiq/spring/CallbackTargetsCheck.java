package io.dramatiq.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

import io.dramatiq.ClosestNames;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorRegistry;
import io.dramatiq.broker.Broker;
import io.dramatiq.middleware.Callbacks;
import io.dramatiq.middleware.Retries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Warns, just before the worker starts, about a callback option ({@code on_success},
 * {@code on_failure}, {@code on_retry_exhausted}) of an actor that names an actor this
 * process does not know: neither declared here nor registered as remote with
 * {@code broker.actors().registerRemote(name, queue)}. Such a callback would only be
 * logged and skipped when it fires, possibly days later.
 * <p>
 * It runs as a {@link SmartLifecycle} in the phase before the {@link WorkerContainer}'s,
 * so that remote actors registered while the application starts (in {@code @Bean}
 * methods, {@code @PostConstruct} or a {@code SmartInitializingSingleton}) count, as they
 * do for the worker.
 */
public class CallbackTargetsCheck implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(CallbackTargetsCheck.class);

	private static final List<String> CALLBACK_OPTIONS = List.of(Callbacks.ON_SUCCESS, Callbacks.ON_FAILURE,
			Retries.ON_RETRY_EXHAUSTED);

	private final Broker broker;

	private final BiFunction<String, String, String> origin;

	private volatile boolean running;

	/**
	 * Create a check.
	 * @param broker the broker whose actors are checked
	 * @param origin describes where an option of an actor was set, by actor name and
	 * option, such as "property 'dramatiq.actors.defaults.on-failure'"
	 */
	public CallbackTargetsCheck(Broker broker, BiFunction<String, String, String> origin) {
		this.broker = Objects.requireNonNull(broker, "'broker' must not be null");
		this.origin = Objects.requireNonNull(origin, "'origin' must not be null");
	}

	@Override
	public void start() {
		check();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return WorkerContainer.DEFAULT_PHASE - 1;
	}

	/**
	 * Log a warning for every callback option that names an unknown actor, once per
	 * option, target and place it was set.
	 * @return how many warnings were logged
	 */
	public int check() {
		ActorRegistry registry = this.broker.actors();
		Map<List<String>, Set<String>> unknown = new LinkedHashMap<>();
		for (ActorDefinition actor : registry.all()) {
			for (String option : CALLBACK_OPTIONS) {
				if (actor.options().get(option) instanceof String target && !target.isBlank()
						&& registry.queueNameOf(target).isEmpty()) {
					String where = this.origin.apply(actor.actorName(), option);
					unknown.computeIfAbsent(List.of(option, target, where), (key) -> new TreeSet<>())
						.add(actor.actorName());
				}
			}
		}
		Set<String> known = new TreeSet<>(registry.remoteActors().keySet());
		registry.all().forEach((actor) -> known.add(actor.actorName()));
		unknown.forEach((key, actors) -> warn(key.get(0), key.get(1), key.get(2), new ArrayList<>(actors), known));
		return unknown.size();
	}

	private static void warn(String option, String target, String where, List<String> actors, Set<String> known) {
		String suggestion = ClosestNames.of(target, known).map((name) -> " Did you mean '" + name + "'?").orElse("");
		String subject = (actors.size() == 1) ? "actor '" + actors.get(0) + "'" : "actors " + actors;
		logger.warn("Option '{}' of {} ({}) names actor '{}', which is neither declared in this application nor"
				+ " registered as remote, so its callbacks will be logged and skipped.{} Declare an actor named '{}',"
				+ " or register the actor of another service with broker.actors().registerRemote(\"{}\", queue)"
				+ " before the worker starts.", option, subject, where, target, suggestion, target, target);
	}

}
