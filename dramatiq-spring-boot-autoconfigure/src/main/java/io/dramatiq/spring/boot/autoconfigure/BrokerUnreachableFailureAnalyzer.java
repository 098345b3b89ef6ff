package io.dramatiq.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link BrokerUnreachableException}: which broker did not answer and which
 * settings to check.
 */
class BrokerUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<BrokerUnreachableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BrokerUnreachableException cause) {
		String settings = switch (cause.getBrokerType()) {
			case "rabbitmq" -> "'spring.rabbitmq.host' and 'spring.rabbitmq.port' (or 'spring.rabbitmq.addresses')";
			case "redis" -> "'spring.data.redis.host' and 'spring.data.redis.port' (or 'spring.data.redis.url')";
			default -> "the connection settings of your broker";
		};
		return new FailureAnalysis(cause.getMessage(), "Start the " + cause.getBrokerType() + " server, or check "
				+ settings + ". Set 'dramatiq.broker.fail-fast' to false to start anyway and connect later.", cause);
	}

}
