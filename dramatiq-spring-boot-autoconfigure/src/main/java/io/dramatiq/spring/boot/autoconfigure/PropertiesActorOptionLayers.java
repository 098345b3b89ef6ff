package io.dramatiq.spring.boot.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.dramatiq.actor.ActorOptions.Source;
import io.dramatiq.actor.ActorOptions;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.middleware.AgeLimit;
import io.dramatiq.middleware.Callbacks;
import io.dramatiq.middleware.Retries;
import io.dramatiq.middleware.ShutdownNotifications;
import io.dramatiq.middleware.TimeLimit;
import io.dramatiq.spring.ActorOptionLayers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The layers of actor options bound from {@code dramatiq.actors.*}:
 * {@code dramatiq.actors.defaults.*} for every actor and {@code dramatiq.actors.<name>.*}
 * for one. Only properties that were set are passed on, each under its Python name, and
 * each remembers its property, so errors can name it.
 */
class PropertiesActorOptionLayers implements ActorOptionLayers {

	private static final Logger logger = LoggerFactory.getLogger(PropertiesActorOptionLayers.class);

	private static final String PREFIX = "dramatiq.actors.";

	/** A map key that Spring Boot binds as is, without brackets. */
	private static final Pattern PLAIN_KEY = Pattern.compile("[a-z0-9][a-z0-9.-]*");

	private final Layer defaults;

	private final Map<String, Layer> actors = new LinkedHashMap<>();

	PropertiesActorOptionLayers(Map<String, DramatiqActorSettings> settings) {
		DramatiqActorSettings defaultSettings = settings.get(DramatiqProperties.ACTOR_DEFAULTS);
		this.defaults = (defaultSettings != null)
				? Layer.of(PREFIX + DramatiqProperties.ACTOR_DEFAULTS + ".", defaultSettings) : Layer.EMPTY;
		settings.forEach((name, actorSettings) -> {
			if (!DramatiqProperties.ACTOR_DEFAULTS.equals(name)) {
				this.actors.put(name, Layer.of(PREFIX + key(name) + ".", actorSettings));
			}
		});
	}

	@Override
	public Map<String, Object> globalDefaults() {
		return this.defaults.values();
	}

	@Override
	public Map<String, Object> actorOptions(String actorName) {
		return this.actors.getOrDefault(actorName, Layer.EMPTY).values();
	}

	@Override
	public String describe(Source source, String actorName, String option) {
		Layer layer = (source == Source.GLOBAL_DEFAULTS) ? this.defaults
				: this.actors.getOrDefault(actorName, Layer.EMPTY);
		String property = layer.properties().get(option);
		return (property != null) ? "property '" + property + "'" : source.description();
	}

	@Override
	public void actorsDeclared(Set<String> actorNames) {
		for (String name : this.actors.keySet()) {
			if (!actorNames.contains(name)) {
				logger.warn("Property '{}{}' configures actor '{}', but this application has no such actor; its actors"
						+ " are {}. Check the name, and write names with characters other than lower-case letters,"
						+ " digits, '-' and '.' in brackets, such as \"[count_words]\".", PREFIX, key(name), name,
						new TreeSet<>(actorNames));
			}
		}
	}

	/**
	 * Return how a map key is written in a property name: in brackets unless Spring Boot
	 * keeps it as it is.
	 */
	static String key(String name) {
		return PLAIN_KEY.matcher(name).matches() ? name : "[" + name + "]";
	}

	/**
	 * One layer: the values that were set, and the property of each, by Python name.
	 */
	private record Layer(Map<String, Object> values, Map<String, String> properties) {

		static final Layer EMPTY = new Layer(Map.of(), Map.of());

		static Layer of(String prefix, DramatiqActorSettings settings) {
			Layer layer = new Layer(new LinkedHashMap<>(), new LinkedHashMap<>());
			// Python's option order (spec 12.2), as ActorOptions.fromAnnotation uses
			layer.put(prefix, "max-age", AgeLimit.MAX_AGE, settings.getMaxAge());
			layer.put(prefix, "time-limit", TimeLimit.TIME_LIMIT, settings.getTimeLimit());
			layer.put(prefix, "notify-shutdown", ShutdownNotifications.NOTIFY_SHUTDOWN, settings.getNotifyShutdown());
			layer.put(prefix, "on-success", Callbacks.ON_SUCCESS, settings.getOnSuccess());
			layer.put(prefix, "on-failure", Callbacks.ON_FAILURE, settings.getOnFailure());
			layer.put(prefix, "max-retries", Retries.MAX_RETRIES, settings.getMaxRetries());
			layer.put(prefix, "min-backoff", Retries.MIN_BACKOFF, settings.getMinBackoff());
			layer.put(prefix, "max-backoff", Retries.MAX_BACKOFF, settings.getMaxBackoff());
			layer.put(prefix, "retry-when", Retries.RETRY_WHEN, settings.getRetryWhen());
			List<String> throwsTypes = settings.getThrows();
			layer.put(prefix, "throws", Retries.THROWS,
					(throwsTypes != null && !throwsTypes.isEmpty()) ? throwsTypes : null);
			layer.put(prefix, "on-retry-exhausted", Retries.ON_RETRY_EXHAUSTED, settings.getOnRetryExhausted());
			layer.put(prefix, "store-results", "store_results", settings.getStoreResults());
			layer.put(prefix, "result-ttl", "result_ttl", settings.getResultTtl());
			if (settings.getOptions() != null) {
				settings.getOptions()
					.forEach((key, value) -> layer.put(prefix, "options." + key(key), OptionSpec.optionName(key),
							value));
			}
			return new Layer(Collections.unmodifiableMap(layer.values()),
					Collections.unmodifiableMap(layer.properties()));
		}

		private void put(String prefix, String property, String option, Object value) {
			if (value != null) {
				this.values.remove(option);
				this.values.put(option, value);
				this.properties.put(option, prefix + property);
			}
		}

	}

}
