package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.actor.UnknownActorOptionException;
import io.dramatiq.spring.ActorDefinitionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link ActorDefinitionException} (duplicate actor name, invalid queue,
 * uncallable method, invalid or unknown actor option) as the problem and its fix. An
 * actor that stores results while no results backend is configured is told which property
 * to set.
 */
class ActorDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<ActorDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ActorDefinitionException cause) {
		if (cause.getCause() instanceof UnknownActorOptionException unknown && isResultsOption(unknown.option())) {
			return new FailureAnalysis(
					cause.getDescription() + " The option '" + unknown.option()
							+ "' needs a results backend, and none is configured.",
					"Set '" + ResultsConfiguration.RESULTS_BACKEND
							+ "' to redis (shared with Python services) or stub (in memory, for tests),"
							+ " or define a ResultBackend bean.",
					cause);
		}
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

	private static boolean isResultsOption(String option) {
		return "store_results".equals(option) || "result_ttl".equals(option);
	}

}
