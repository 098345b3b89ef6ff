package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.MessageEncoder;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The RabbitMQ broker, when {@code dramatiq.broker.type=rabbitmq} and Spring AMQP is on
 * the class path:
 * <ul>
 * <li>{@code dramatiqBroker}, a {@link RabbitmqBroker} on Spring Boot's
 * {@link ConnectionFactory} (from {@code spring.rabbitmq.*}) and the
 * {@link MessageEncoder} bean (the JSON encoder when there is none), configured by
 * {@link RabbitmqBrokerProperties} ({@code dramatiq.broker.rabbitmq.*}); it backs off
 * when the application defines a {@link Broker}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ ConnectionFactory.class, com.rabbitmq.client.Channel.class })
@ConditionalOnProperty(name = "dramatiq.broker.type", havingValue = "rabbitmq")
@EnableConfigurationProperties(RabbitmqBrokerProperties.class)
class RabbitmqBrokerConfiguration {

	@Bean
	@ConditionalOnMissingBean(Broker.class)
	RabbitmqBroker dramatiqBroker(ConnectionFactory connectionFactory, ObjectProvider<MessageEncoder> encoder,
			RabbitmqBrokerProperties properties) {
		return new RabbitmqBroker(connectionFactory, encoder.getIfAvailable(JsonMessageEncoder::new),
				properties.toOptions());
	}

}
