package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.middleware.Middleware;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis broker, when {@code dramatiq.broker.type=redis} (or when it is not set and
 * Spring Data Redis, but not Spring AMQP, is on the class path). Contributes:
 * <ul>
 * <li>{@code dramatiqBroker}: a {@link RedisBroker} on Boot's auto-configured
 * {@link RedisConnectionFactory} ({@code spring.data.redis.*}) and the
 * {@link MessageEncoder} bean, set up from {@link DramatiqRedisProperties}
 * ({@code dramatiq.broker.redis.*}), with the middleware beans added in {@code @Order};
 * unless the application defines its own {@link Broker}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(RedisConnectionFactory.class)
@ConditionalOnBrokerType(BrokerType.REDIS)
@EnableConfigurationProperties(DramatiqRedisProperties.class)
class RedisBrokerConfiguration {

	@Bean
	@ConditionalOnMissingBean(Broker.class)
	RedisBroker dramatiqBroker(ObjectProvider<RedisConnectionFactory> redisConnectionFactory, MessageEncoder encoder,
			DramatiqRedisProperties properties, ObjectProvider<Middleware> middleware) {
		RedisConnectionFactory connectionFactory = redisConnectionFactory.getIfUnique();
		if (connectionFactory == null) {
			throw new DramatiqPropertyException(OnBrokerTypeCondition.PROPERTY, "redis",
					"The Redis broker was selected but there is no single RedisConnectionFactory bean to connect with.",
					"Add spring-boot-starter-data-redis, which brings Lettuce and Spring Boot's Redis"
							+ " auto-configuration (spring.data.redis.*), or define one RedisConnectionFactory bean.");
		}
		RedisBroker broker = new RedisBroker(connectionFactory, encoder, properties.toOptions());
		middleware.orderedStream().forEach(broker::addMiddleware);
		return broker;
	}

}
