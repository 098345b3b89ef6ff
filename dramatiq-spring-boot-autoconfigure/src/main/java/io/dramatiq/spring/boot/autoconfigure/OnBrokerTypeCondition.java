package io.dramatiq.spring.boot.autoconfigure;

import java.util.Arrays;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Condition behind {@link ConditionalOnBrokerType}; also decides which broker an
 * application gets when {@code dramatiq.broker.type} is not set.
 */
class OnBrokerTypeCondition extends SpringBootCondition {

	static final String PROPERTY = "dramatiq.broker.type";

	static final String SPRING_AMQP_CLASS = "org.springframework.amqp.rabbit.connection.ConnectionFactory";

	static final String SPRING_DATA_REDIS_CLASS = "org.springframework.data.redis.connection.RedisConnectionFactory";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		BrokerType[] required = (BrokerType[]) metadata.getAnnotationAttributes(ConditionalOnBrokerType.class.getName())
			.get("value");
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnBrokerType.class,
				Arrays.toString(required));
		BrokerType configured = configured(context.getEnvironment());
		BrokerType actual = (configured != null) ? configured : detect(context.getClassLoader());
		String how = (configured != null) ? "set by " + PROPERTY : "detected from the class path";
		if (List.of(required).contains(actual)) {
			return ConditionOutcome.match(message.because("broker type " + actual + " " + how));
		}
		return ConditionOutcome.noMatch(message.because("broker type " + actual + " " + how));
	}

	static BrokerType configured(Environment environment) {
		return Binder.get(environment).bind(PROPERTY, BrokerType.class).orElse(null);
	}

	/**
	 * Choose the broker when none is configured: RabbitMQ if Spring AMQP is on the class
	 * path, else Redis if Spring Data Redis is, else the stub broker.
	 * @param classLoader the class loader to look in
	 * @return the broker type
	 */
	static BrokerType detect(ClassLoader classLoader) {
		if (ClassUtils.isPresent(SPRING_AMQP_CLASS, classLoader)) {
			return BrokerType.RABBITMQ;
		}
		if (ClassUtils.isPresent(SPRING_DATA_REDIS_CLASS, classLoader)) {
			return BrokerType.REDIS;
		}
		return BrokerType.STUB;
	}

}
