package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.Broker;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Fails start-up with a {@link BrokerClientMissingException} (and its failure analysis)
 * when {@code dramatiq.broker.type} names a broker whose client library is not on the
 * class path, unless the application defines its own {@link Broker}.
 */
@Configuration(proxyBeanMethods = false)
class BrokerClientMissingConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBrokerType(BrokerType.RABBITMQ)
	@ConditionalOnMissingClass(OnBrokerTypeCondition.SPRING_AMQP_CLASS)
	static class RabbitmqClientMissing {

		@Bean
		@ConditionalOnMissingBean(Broker.class)
		Broker dramatiqBroker() {
			throw new BrokerClientMissingException(BrokerType.RABBITMQ, OnBrokerTypeCondition.SPRING_AMQP_CLASS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBrokerType(BrokerType.REDIS)
	@ConditionalOnMissingClass(OnBrokerTypeCondition.SPRING_DATA_REDIS_CLASS)
	static class RedisClientMissing {

		@Bean
		@ConditionalOnMissingBean(Broker.class)
		Broker dramatiqBroker() {
			throw new BrokerClientMissingException(BrokerType.REDIS, OnBrokerTypeCondition.SPRING_DATA_REDIS_CLASS);
		}

	}

}
