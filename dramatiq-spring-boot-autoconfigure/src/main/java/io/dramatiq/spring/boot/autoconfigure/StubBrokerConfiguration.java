package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.MessageEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The in-memory {@link StubBroker}, when {@code dramatiq.broker.type=stub} or when no
 * broker client library is on the class path, with the middleware of the
 * {@link DramatiqBrokerConfigurer}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBrokerType(BrokerType.STUB)
class StubBrokerConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(StubBrokerConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(Broker.class)
	StubBroker dramatiqBroker(DramatiqProperties properties, MessageEncoder encoder,
			DramatiqBrokerConfigurer configurer) {
		if (properties.getBroker().getType() == null) {
			logger.warn("Stub broker selected: messages are kept in memory and lost on restart.");
		}
		StubBroker broker = new StubBroker(encoder);
		configurer.configure(broker);
		return broker;
	}

}
