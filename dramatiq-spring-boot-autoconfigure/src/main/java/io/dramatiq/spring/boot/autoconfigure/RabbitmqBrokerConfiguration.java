package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.message.MessageEncoder;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The RabbitMQ broker, when the broker type is {@code rabbitmq} (set with
 * {@code dramatiq.broker.type}, or detected because Spring AMQP is on the class path) and
 * the RabbitMQ client is there too:
 * <ul>
 * <li>{@code dramatiqBroker}: a {@link RabbitmqBroker} on Spring Boot's
 * {@link ConnectionFactory} (from {@code spring.rabbitmq.*}) and the
 * {@link MessageEncoder} bean, configured by {@link RabbitmqBrokerProperties}
 * ({@code dramatiq.broker.rabbitmq.*}), with its middleware from the
 * {@link DramatiqBrokerConfigurer}; its consumers connect to the nodes of
 * {@code spring.rabbitmq.addresses} in the order of
 * {@code spring.rabbitmq.address-shuffle-mode} (see {@link RabbitmqConsumerAddresses});
 * it backs off when the application defines a {@link Broker}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = { OnBrokerTypeCondition.SPRING_AMQP_CLASS, "com.rabbitmq.client.Channel" })
@ConditionalOnBrokerType(BrokerType.RABBITMQ)
@EnableConfigurationProperties(RabbitmqBrokerProperties.class)
class RabbitmqBrokerConfiguration {

	@Bean
	@ConditionalOnMissingBean(Broker.class)
	RabbitmqBroker dramatiqBroker(ConnectionFactory connectionFactory, MessageEncoder encoder,
			RabbitmqBrokerProperties properties, DramatiqBrokerConfigurer configurer, ListableBeanFactory beanFactory) {
		RabbitmqBroker broker = new RabbitmqBroker(connectionFactory, encoder, properties.toOptions(),
				RabbitmqConsumerAddresses.of(connectionFactory, beanFactory));
		configurer.configure(broker);
		return broker;
	}

}
