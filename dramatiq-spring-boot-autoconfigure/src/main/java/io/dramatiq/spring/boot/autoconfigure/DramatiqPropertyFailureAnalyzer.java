package io.dramatiq.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link DramatiqPropertyException} as the problem and its fix, without a stack
 * trace.
 */
class DramatiqPropertyFailureAnalyzer extends AbstractFailureAnalyzer<DramatiqPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DramatiqPropertyException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}
