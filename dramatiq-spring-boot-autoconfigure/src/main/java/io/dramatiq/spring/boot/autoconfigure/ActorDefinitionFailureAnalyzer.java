package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.spring.ActorDefinitionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link ActorDefinitionException} (duplicate actor name, invalid queue,
 * uncallable method, invalid or unknown actor option) as the problem and its fix.
 */
class ActorDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<ActorDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ActorDefinitionException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
