package io.dramatiq.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnAbortBackend}: the abort backend is
 * {@code dramatiq.abort.backend}, else the one that goes with the broker's type.
 */
class OnAbortBackendCondition extends SpringBootCondition {

	static final String PROPERTY = "dramatiq.abort.backend";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		AbortBackendType required = (AbortBackendType) metadata
			.getAnnotationAttributes(ConditionalOnAbortBackend.class.getName())
			.get("value");
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnAbortBackend.class, required);
		Environment environment = context.getEnvironment();
		AbortBackendType configured = Binder.get(environment).bind(PROPERTY, AbortBackendType.class).orElse(null);
		AbortBackendType actual = (configured != null) ? configured : ofBroker(environment, context.getClassLoader());
		String how = (configured != null) ? "set by " + PROPERTY : "the broker's";
		ConditionMessage because = message.because("abort backend " + actual + " " + how);
		return (actual == required) ? ConditionOutcome.match(because) : ConditionOutcome.noMatch(because);
	}

	private static AbortBackendType ofBroker(Environment environment, ClassLoader classLoader) {
		BrokerType broker = OnBrokerTypeCondition.configured(environment);
		if (broker == null) {
			broker = OnBrokerTypeCondition.detect(classLoader);
		}
		return switch (broker) {
			case RABBITMQ -> AbortBackendType.RABBITMQ;
			case REDIS -> AbortBackendType.REDIS;
			case STUB -> AbortBackendType.STUB;
		};
	}

}
