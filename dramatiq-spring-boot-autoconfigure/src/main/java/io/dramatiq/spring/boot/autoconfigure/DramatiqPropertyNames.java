package io.dramatiq.spring.boot.autoconfigure;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.dramatiq.ClosestNames;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.core.ResolvableType;

/**
 * The {@code dramatiq.*} property names an environment sets that Dramatiq binds, found by
 * binding every Dramatiq properties class with Spring Boot's {@link Binder} and recording
 * what it binds, as Boot's own check of unknown fields does. Binding decides, so relaxed
 * names ({@code maxRetries}, {@code max_retries}), map keys (actor names,
 * {@code options.*}), list indexes and values that fail to convert count as known.
 * <p>
 * Names the binder looked for also give the valid names next to a misspelt one, for a
 * "did you mean" hint.
 */
final class DramatiqPropertyNames {

	static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("dramatiq");

	private final Set<ConfigurationPropertyName> bound = new HashSet<>();

	private final Set<String> boundElements = new HashSet<>();

	private final Set<String> boundUniform = new HashSet<>();

	private final Set<ConfigurationPropertyName> freeMaps = new HashSet<>();

	private final Set<ConfigurationPropertyName> attempted = new HashSet<>();

	private DramatiqPropertyNames() {
	}

	/**
	 * Bind every Dramatiq properties class and record the names.
	 * @param binder the binder of the environment
	 * @return the names
	 */
	static DramatiqPropertyNames bind(Binder binder) {
		DramatiqPropertyNames names = new DramatiqPropertyNames();
		Recorder recorder = names.new Recorder();
		binder.bind(ROOT, Bindable.ofInstance(new DramatiqProperties()), recorder);
		binder.bind("dramatiq.broker.rabbitmq", Bindable.ofInstance(new RabbitmqBrokerProperties()), recorder);
		binder.bind("dramatiq.broker.redis", Bindable.ofInstance(new RedisBrokerProperties()), recorder);
		binder.bind(DramatiqDashboardProperties.PREFIX, Bindable.ofInstance(new DramatiqDashboardProperties()),
				recorder);
		// read by the auto-configuration's condition, not bound to a class
		binder.bind("dramatiq.enabled", Bindable.of(String.class), recorder);
		return names;
	}

	/**
	 * Return whether a property the environment sets is one Dramatiq binds.
	 * @param name the name as its property source gives it
	 * @param relaxedSeparators whether '_' may have split a name element (environment
	 * variables, where {@code DRAMATIQ_WORKER_SHUTDOWN_TIMEOUT} sets
	 * {@code dramatiq.worker.shutdown-timeout})
	 * @return whether it is bound
	 */
	boolean isBound(ConfigurationPropertyName name, boolean relaxedSeparators) {
		if (this.bound.contains(name) || this.boundElements.contains(elements(name))) {
			return true;
		}
		for (int i = 1; i < name.getNumberOfElements(); i++) {
			ConfigurationPropertyName ancestor = name.chop(i);
			// a free map takes any key; a list set in a higher source replaces the
			// elements of a lower one, which then go unbound
			if (this.freeMaps.contains(ancestor) || (name.isNumericIndex(i) && this.bound.contains(ancestor))) {
				return true;
			}
		}
		if (relaxedSeparators) {
			String uniform = uniform(name, 0);
			return this.boundUniform.contains(uniform) || this.freeMaps.stream()
				.anyMatch((map) -> uniform.startsWith(uniform(map, 0)) && uniform.length() > uniform(map, 0).length());
		}
		return false;
	}

	/**
	 * Return the valid name closest to an unknown one: the first element that matches no
	 * valid name at its place is replaced by the closest valid one there.
	 * @param name the unknown name
	 * @return the suggestion, if one is close enough
	 */
	Optional<String> closest(ConfigurationPropertyName name) {
		for (int i = 1; i < name.getNumberOfElements(); i++) {
			Map<String, String> children = children(name.chop(i));
			String element = name.getElement(i, Form.UNIFORM);
			if (children.containsKey(element)) {
				continue;
			}
			ConfigurationPropertyName parent = name.chop(i);
			Optional<String> match = ClosestNames.of(element, children.keySet());
			if (match.isPresent()) {
				ConfigurationPropertyName suggestion = parent.append(children.get(match.get()));
				return Optional.of((i + 1 < name.getNumberOfElements())
						? suggestion.append(name.subName(i + 1)).toString() : suggestion.toString());
			}
			// an environment variable splits a name with '-' in it: compare the rest of
			// the name run together too
			return ClosestNames.of(uniform(name, i), children.keySet())
				.map((uniform) -> parent.append(children.get(uniform)).toString());
		}
		return Optional.empty();
	}

	/**
	 * Return the valid names directly under a name, such as {@code threads} under
	 * {@code dramatiq.worker}, by uniform form.
	 * @param parent the parent name
	 * @return the names as written in properties (kebab-case), by uniform form
	 */
	Map<String, String> children(ConfigurationPropertyName parent) {
		Map<String, String> children = new TreeMap<>();
		int depth = parent.getNumberOfElements();
		for (ConfigurationPropertyName name : this.attempted) {
			if (parent.isAncestorOf(name) && !name.isNumericIndex(depth)) {
				children.putIfAbsent(name.getElement(depth, Form.UNIFORM), name.getElement(depth, Form.DASHED));
			}
		}
		return children;
	}

	/**
	 * Return the valid names directly under a name, as written in properties.
	 * @param parent the parent name
	 * @return the names, sorted
	 */
	Set<String> childNames(ConfigurationPropertyName parent) {
		return new TreeSet<>(children(parent).values());
	}

	private static String elements(ConfigurationPropertyName name) {
		StringBuilder joined = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			joined.append((i > 0) ? "." : "").append(name.getElement(i, Form.UNIFORM));
		}
		return joined.toString();
	}

	private static String uniform(ConfigurationPropertyName name, int from) {
		StringBuilder joined = new StringBuilder();
		for (int i = from; i < name.getNumberOfElements(); i++) {
			joined.append(name.getElement(i, Form.UNIFORM));
		}
		return joined.toString();
	}

	private static boolean isFreeMap(Bindable<?> target) {
		ResolvableType type = target.getType();
		Class<?> resolved = type.resolve();
		if (resolved == null || !Map.class.isAssignableFrom(resolved)) {
			return false;
		}
		Class<?> valueType = type.asMap().resolveGeneric(1);
		return valueType == null || valueType == Object.class;
	}

	/**
	 * Records the names the binder looks for and those it binds; a value that fails to
	 * convert still names a known property, so the failure is recorded and left to the
	 * real binding to report.
	 */
	private final class Recorder extends AbstractBindHandler {

		@Override
		public <T> @Nullable Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target,
				BindContext context) {
			DramatiqPropertyNames.this.attempted.add(name);
			if (isFreeMap(target)) {
				DramatiqPropertyNames.this.freeMaps.add(name);
			}
			return super.onStart(name, target, context);
		}

		@Override
		public @Nullable Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Object result) {
			markBound(name);
			return super.onSuccess(name, target, context, result);
		}

		@Override
		public @Nullable Object onFailure(ConfigurationPropertyName name, Bindable<?> target, BindContext context,
				Exception error) {
			markBound(name);
			return null;
		}

		private void markBound(ConfigurationPropertyName name) {
			DramatiqPropertyNames.this.bound.add(name);
			DramatiqPropertyNames.this.boundElements.add(elements(name));
			DramatiqPropertyNames.this.boundUniform.add(uniform(name, 0));
		}

	}

}
