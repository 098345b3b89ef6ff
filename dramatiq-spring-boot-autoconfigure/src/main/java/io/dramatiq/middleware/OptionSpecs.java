package io.dramatiq.middleware;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import io.dramatiq.actor.OptionSpec;

/**
 * Helpers for the option specs the middleware declare.
 */
final class OptionSpecs {

	private OptionSpecs() {
	}

	static Set<String> names(Collection<OptionSpec> specs) {
		Set<String> names = new LinkedHashSet<>();
		specs.forEach((spec) -> names.add(spec.name()));
		return Set.copyOf(names);
	}

}
