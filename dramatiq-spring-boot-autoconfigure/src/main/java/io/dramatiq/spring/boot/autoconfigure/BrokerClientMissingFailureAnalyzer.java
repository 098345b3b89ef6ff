package io.dramatiq.spring.boot.autoconfigure;

import java.util.Locale;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link BrokerClientMissingException}: the chosen broker type and the missing
 * client, with the dependency to add or the property to change.
 */
class BrokerClientMissingFailureAnalyzer extends AbstractFailureAnalyzer<BrokerClientMissingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BrokerClientMissingException cause) {
		String type = cause.getBrokerType().name().toLowerCase(Locale.ROOT);
		return new FailureAnalysis(cause.getMessage(),
				"Add the dependency '" + cause.getDependency() + "' to use the " + type
						+ " broker, or set 'dramatiq.broker.type' to a broker whose client is on the class path"
						+ " ('stub' needs none).",
				cause);
	}

}
