package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;

import io.dramatiq.abort.Abortable;
import io.dramatiq.abort.EventBackend;
import io.dramatiq.abort.StubEventBackend;
import io.dramatiq.abort.rabbitmq.RabbitmqEventBackend;
import io.dramatiq.abort.redis.RedisEventBackend;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Aborting messages by id, when {@code dramatiq.abort.enabled=true}. It contributes:
 * <ul>
 * <li>{@code dramatiqAbortBackend}: the {@link EventBackend} of
 * {@code dramatiq.abort.backend}, or of the broker's type when it is not set: a
 * {@link RedisEventBackend} on Spring Boot's {@code RedisConnectionFactory}, a
 * {@link RabbitmqEventBackend} on Spring Boot's RabbitMQ {@code ConnectionFactory}
 * (subscribed at once), or a {@link StubEventBackend}; unless an {@link EventBackend}
 * bean exists;</li>
 * <li>{@code dramatiqAbortable}: the {@link Abortable} middleware on that backend, which
 * joins the broker's middleware and which the application injects to abort messages;
 * unless an {@link Abortable} bean exists.</li>
 * </ul>
 * A backend whose client is missing fails start-up naming the property.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("dramatiq.abort.enabled")
class AbortConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Abortable dramatiqAbortable(EventBackend dramatiqAbortBackend, DramatiqProperties properties) {
		DramatiqAbortProperties abort = properties.getAbort();
		return new Abortable(dramatiqAbortBackend, abort.isAbortable(),
				atLeastOneMilli("dramatiq.abort.ttl", abort.getTtl()),
				atLeastOneMilli("dramatiq.abort.poll-interval", abort.getPollInterval()));
	}

	private static Duration atLeastOneMilli(String property, Duration value) {
		if (value == null || value.toMillis() < 1) {
			throw DramatiqPropertyException.atLeast(property, value, "1ms");
		}
		return value;
	}

	private static String notBlank(String property, String value, String pythonDefault) {
		if (value == null || value.isBlank()) {
			throw new DramatiqPropertyException(property, value, "Property '" + property + "' must not be empty.",
					"Remove it to use the default '" + pythonDefault + "'.");
		}
		return value;
	}

	private static DramatiqPropertyException missingClient(String backend, String starter) {
		return new DramatiqPropertyException(OnAbortBackendCondition.PROPERTY, backend,
				"Property '" + OnAbortBackendCondition.PROPERTY + "' is " + backend + " but " + starter
						+ " is not on the class path.",
				"Add " + starter + ", or set '" + OnAbortBackendCondition.PROPERTY + "' to another backend.");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAbortBackend(AbortBackendType.STUB)
	static class StubBackend {

		@Bean
		@ConditionalOnMissingBean(EventBackend.class)
		StubEventBackend dramatiqAbortBackend() {
			return new StubEventBackend();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAbortBackend(AbortBackendType.REDIS)
	@ConditionalOnClass(name = OnBrokerTypeCondition.SPRING_DATA_REDIS_CLASS)
	static class RedisBackend {

		@Bean
		@ConditionalOnMissingBean(EventBackend.class)
		RedisEventBackend dramatiqAbortBackend(DramatiqProperties properties,
				ObjectProvider<RedisConnectionFactory> connectionFactory) {
			RedisConnectionFactory factory = connectionFactory.getIfUnique();
			if (factory == null) {
				throw new DramatiqPropertyException(OnAbortBackendCondition.PROPERTY, "redis",
						"Aborting messages through Redis needs a single RedisConnectionFactory bean, but there is none.",
						"Add spring-boot-starter-data-redis, which brings Spring Boot's Redis auto-configuration"
								+ " (spring.data.redis.*), or define one RedisConnectionFactory bean.");
			}
			return new RedisEventBackend(factory, notBlank("dramatiq.abort.namespace",
					properties.getAbort().getNamespace(), RedisEventBackend.DEFAULT_NAMESPACE));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAbortBackend(AbortBackendType.RABBITMQ)
	@ConditionalOnClass(name = { OnBrokerTypeCondition.SPRING_AMQP_CLASS, "com.rabbitmq.client.Channel" })
	static class RabbitmqBackend {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(EventBackend.class)
		RabbitmqEventBackend dramatiqAbortBackend(DramatiqProperties properties,
				ObjectProvider<ConnectionFactory> connectionFactory) {
			ConnectionFactory factory = connectionFactory.getIfUnique();
			if (factory == null) {
				throw new DramatiqPropertyException(OnAbortBackendCondition.PROPERTY, "rabbitmq",
						"Aborting messages through RabbitMQ needs a single RabbitMQ ConnectionFactory bean, but there is none.",
						"Add spring-boot-starter-amqp, which brings Spring Boot's RabbitMQ auto-configuration"
								+ " (spring.rabbitmq.*), or define one ConnectionFactory bean.");
			}
			RabbitmqEventBackend backend = new RabbitmqEventBackend(factory, notBlank("dramatiq.abort.exchange",
					properties.getAbort().getExchange(), RabbitmqEventBackend.DEFAULT_EXCHANGE));
			// subscribe before the worker runs anything, so no request is missed
			backend.start();
			return backend;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAbortBackend(AbortBackendType.REDIS)
	@ConditionalOnMissingClass(OnBrokerTypeCondition.SPRING_DATA_REDIS_CLASS)
	static class RedisClientMissing {

		@Bean
		@ConditionalOnMissingBean(EventBackend.class)
		EventBackend dramatiqAbortBackend() {
			throw missingClient("redis", "spring-boot-starter-data-redis");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnAbortBackend(AbortBackendType.RABBITMQ)
	@ConditionalOnMissingClass(OnBrokerTypeCondition.SPRING_AMQP_CLASS)
	static class RabbitmqClientMissing {

		@Bean
		@ConditionalOnMissingBean(EventBackend.class)
		EventBackend dramatiqAbortBackend() {
			throw missingClient("rabbitmq", "spring-boot-starter-amqp");
		}

	}

}
