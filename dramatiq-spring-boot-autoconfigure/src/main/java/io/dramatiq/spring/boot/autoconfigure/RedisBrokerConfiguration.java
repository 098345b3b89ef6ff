package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.MessageEncoder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis broker, chosen with {@code dramatiq.broker.type=redis}. Contributes:
 * <ul>
 * <li>{@code dramatiqBroker}: a {@link RedisBroker} on Boot's auto-configured
 * {@link RedisConnectionFactory} ({@code spring.data.redis.*}) and the
 * {@link MessageEncoder} bean (Python-compatible JSON when there is none), with
 * {@link DramatiqRedisProperties} ({@code dramatiq.broker.redis.*}); unless the
 * application defines its own {@link Broker}.</li>
 * </ul>
 * Conditions: Spring Data Redis on the class path and the property set.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisConnectionFactory.class)
@ConditionalOnProperty(name = "dramatiq.broker.type", havingValue = "redis")
@EnableConfigurationProperties(DramatiqRedisProperties.class)
class RedisBrokerConfiguration {

	@Bean
	@ConditionalOnMissingBean(Broker.class)
	RedisBroker dramatiqBroker(RedisConnectionFactory redisConnectionFactory, ObjectProvider<MessageEncoder> encoder,
			DramatiqRedisProperties properties) {
		return new RedisBroker(redisConnectionFactory, encoder.getIfAvailable(JsonMessageEncoder::new),
				properties.toOptions());
	}

}
