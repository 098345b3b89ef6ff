package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.spring.ActorBeanPostProcessor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of Dramatiq, unless {@code dramatiq.enabled=false}. It contributes:
 * <ul>
 * <li>{@code dramatiqMessageEncoder}: a {@link JsonMessageEncoder}, unless a
 * {@link MessageEncoder} bean exists;</li>
 * <li>{@code dramatiqBroker}: the broker picked by {@code dramatiq.broker.type} (see
 * {@link StubBrokerConfiguration}), unless a {@link io.dramatiq.broker.Broker} bean
 * exists;</li>
 * <li>{@code dramatiqActorBeanPostProcessor}: turns {@code @Actor} bean methods into
 * actors and {@link io.dramatiq.spring.ActorProxy} beans;</li>
 * <li>{@code dramatiqWorker} and {@code dramatiqWorkerContainer}, unless
 * {@code dramatiq.worker.enabled=false} (see {@link WorkerConfiguration}).</li>
 * </ul>
 * Arguments bind with Spring Boot's {@code JsonMapper} when Jackson is auto-configured,
 * else with a default one.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "dramatiq.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DramatiqProperties.class)
@Import({ StubBrokerConfiguration.class, UnavailableBrokerConfiguration.class, WorkerConfiguration.class })
public final class DramatiqAutoConfiguration {

	@Bean
	static ActorBeanPostProcessor dramatiqActorBeanPostProcessor() {
		return new ActorBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean(MessageEncoder.class)
	JsonMessageEncoder dramatiqMessageEncoder() {
		return new JsonMessageEncoder();
	}

}
