package io.dramatiq.spring.boot.actuate;

import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorOptions;
import io.dramatiq.broker.Broker;
import io.dramatiq.spring.ActorOptionLayers;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.ActorDescriptor;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.OptionDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Describes the actors of a broker for operators: queue, priority, and every effective
 * option with where it came from. The {@code dramatiq} endpoint and the dashboard show
 * the same descriptions.
 */
public final class ActorDescriptions {

	private final Broker broker;

	private final Function<String, ActorOptions.Resolved> resolvedOptions;

	private final @Nullable ActorOptionLayers layers;

	/**
	 * Create the descriptions.
	 * @param broker the broker
	 * @param resolvedOptions the effective options of an actor, by actor name, as
	 * {@link io.dramatiq.spring.ActorBeanPostProcessor#resolvedOptions()} has them, or
	 * {@code null} for an actor declared otherwise
	 * @param layers describes where an option came from, or {@code null} to use the
	 * source's own description
	 */
	public ActorDescriptions(Broker broker, Function<String, ActorOptions.Resolved> resolvedOptions,
			@Nullable ActorOptionLayers layers) {
		this.broker = Objects.requireNonNull(broker, "'broker' must not be null");
		this.resolvedOptions = Objects.requireNonNull(resolvedOptions, "'resolvedOptions' must not be null");
		this.layers = layers;
	}

	/**
	 * Return every actor of the broker, by name.
	 * @return the descriptions
	 */
	public List<ActorDescriptor> all() {
		return this.broker.actors()
			.all()
			.stream()
			.sorted(Comparator.comparing(ActorDefinition::actorName))
			.map(this::describe)
			.toList();
	}

	private ActorDescriptor describe(ActorDefinition actor) {
		Map<String, OptionDescriptor> options = new LinkedHashMap<>();
		ActorOptions.Resolved resolved = this.resolvedOptions.apply(actor.actorName());
		if (resolved != null) {
			// only the options of the middleware this broker has: without Results,
			// store_results means nothing here
			Set<String> installed = new HashSet<>();
			this.broker.middleware().forEach((middleware) -> installed.addAll(middleware.actorOptions()));
			resolved.settings().forEach((name, setting) -> {
				if (installed.contains(name)) {
					options.put(name, new OptionDescriptor(JsonValues.of(setting.value()), describe(setting, actor)));
				}
			});
		}
		else {
			actor.options()
				.forEach((name, value) -> options.put(name, new OptionDescriptor(JsonValues.of(value), "the actor")));
		}
		return new ActorDescriptor(actor.actorName(), actor.queueName(), actor.priority(), options);
	}

	private String describe(ActorOptions.Setting setting, ActorDefinition actor) {
		return (this.layers != null) ? this.layers.describe(setting.source(), actor.actorName(), setting.name())
				: setting.source().description();
	}

}
