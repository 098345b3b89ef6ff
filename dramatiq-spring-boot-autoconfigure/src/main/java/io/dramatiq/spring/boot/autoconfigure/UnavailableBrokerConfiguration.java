package io.dramatiq.spring.boot.autoconfigure;

import java.util.Locale;

import io.dramatiq.broker.Broker;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * Fails start-up with a clear message when Redis is chosen (or detected from the class
 * path) but this version has no broker for it yet, unless the application defines its own
 * {@link Broker} bean.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBrokerType(BrokerType.REDIS)
class UnavailableBrokerConfiguration {

	@Bean
	@ConditionalOnMissingBean(Broker.class)
	Broker dramatiqBroker(DramatiqProperties properties, ResourceLoader resourceLoader) {
		BrokerType configured = properties.getBroker().getType();
		BrokerType type = (configured != null) ? configured
				: OnBrokerTypeCondition.detect(resourceLoader.getClassLoader());
		String value = type.name().toLowerCase(Locale.ROOT);
		String reason = (configured != null) ? "Property 'dramatiq.broker.type' is '" + value + "'"
				: "Property 'dramatiq.broker.type' is not set and "
						+ ((type == BrokerType.RABBITMQ) ? "Spring AMQP" : "Spring Data Redis")
						+ " is on the class path, so '" + value + "' was selected";
		throw new DramatiqPropertyException(
				OnBrokerTypeCondition.PROPERTY, value, reason + ", but this version has no "
						+ ((type == BrokerType.RABBITMQ) ? "RabbitMQ" : "Redis") + " broker yet.",
				"Set 'dramatiq.broker.type' to 'stub' or define your own Broker bean.");
	}

}
