package io.dramatiq.middleware;

import java.util.ArrayList;
import java.util.List;

import io.dramatiq.actor.ActorOptions;
import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.broker.Middleware;

/**
 * The actor options of Python Dramatiq's middleware (spec §12.2), with Python's defaults,
 * in Python's order: each middleware contributes its own
 * ({@link Middleware#actorOptionSpecs()}), plus the options of the results middleware.
 */
public final class StandardActorOptions {

	private static final List<OptionSpec> RESULTS = List.of(
			new OptionSpec("store_results", Kind.BOOLEAN, false, "Results"),
			new OptionSpec("result_ttl", Kind.DURATION, 600000L, "Results"));

	private StandardActorOptions() {
	}

	/**
	 * Return the options of the standard middleware.
	 * @return the option specs
	 */
	public static List<OptionSpec> specs() {
		List<OptionSpec> specs = new ArrayList<>();
		specs.addAll(AgeLimit.OPTION_SPECS);
		specs.addAll(TimeLimit.OPTION_SPECS);
		specs.addAll(ShutdownNotifications.OPTION_SPECS);
		specs.addAll(Callbacks.OPTION_SPECS);
		specs.addAll(Pipelines.OPTION_SPECS);
		specs.addAll(Retries.OPTION_SPECS);
		specs.addAll(RESULTS);
		return List.copyOf(specs);
	}

	/**
	 * Return the registry of the standard options, with no reference resolver.
	 * @return the registry
	 */
	public static ActorOptions create() {
		return ActorOptions.of(specs());
	}

}
