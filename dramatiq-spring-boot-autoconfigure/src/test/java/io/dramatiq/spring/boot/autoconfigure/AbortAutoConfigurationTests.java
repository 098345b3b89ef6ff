package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;

import io.dramatiq.abort.Abortable;
import io.dramatiq.abort.EventBackend;
import io.dramatiq.abort.StubEventBackend;
import io.dramatiq.abort.rabbitmq.RabbitmqEventBackend;
import io.dramatiq.abort.redis.RedisEventBackend;
import io.dramatiq.broker.Broker;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of {@code dramatiq.abort.*}: off by default, the backend that goes with the
 * broker, the settings, and the failures that name the property.
 */
class AbortAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=false");

	@Test
	void abortingIsOffByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(Abortable.class).doesNotHaveBean(EventBackend.class);
			assertThat(context.getBean(Broker.class).middleware()).noneMatch(Abortable.class::isInstance);
		});
	}

	@Test
	void enabledOnTheStubBrokerGivesTheBrokerTheMiddlewareOnAnInMemoryBackend() {
		this.contextRunner.withPropertyValues("dramatiq.abort.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(StubEventBackend.class).hasBean("dramatiqAbortBackend");
			Abortable abortable = context.getBean(Abortable.class);
			assertThat(abortable.backend()).isSameAs(context.getBean(EventBackend.class));
			assertThat(context.getBean(Broker.class).middleware()).contains(abortable);
			// with dramatiq-abort's defaults
			assertThat(abortable.abortable()).isTrue();
			assertThat(abortable.abortTtl()).isEqualTo(Duration.ofSeconds(90));
			assertThat(abortable.pollInterval()).isEqualTo(Duration.ofSeconds(1));
		});
	}

	@Test
	void settingsReachTheMiddleware() {
		this.contextRunner
			.withPropertyValues("dramatiq.abort.enabled=true", "dramatiq.abort.abortable=false",
					"dramatiq.abort.ttl=5m", "dramatiq.abort.poll-interval=250ms")
			.run((context) -> {
				Abortable abortable = context.getBean(Abortable.class);
				assertThat(abortable.abortable()).isFalse();
				assertThat(abortable.abortTtl()).isEqualTo(Duration.ofMinutes(5));
				assertThat(abortable.pollInterval()).isEqualTo(Duration.ofMillis(250));
			});
	}

	@Test
	void redisBrokerGetsTheRedisBackendWithItsNamespace() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
			.withUserConfiguration(RedisConnectionConfiguration.class)
			.withPropertyValues("dramatiq.broker.type=redis", "dramatiq.worker.enabled=false",
					"dramatiq.abort.enabled=true", "dramatiq.abort.namespace={app}:aborts:")
			.run((context) -> assertThat(context.getBean(RedisEventBackend.class).namespace())
				.isEqualTo("{app}:aborts:"));
	}

	@Test
	void rabbitmqBrokerGetsTheBroadcastBackendOnItsExchange() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
			.withUserConfiguration(RabbitConnectionConfiguration.class)
			.withPropertyValues("dramatiq.broker.type=rabbitmq", "dramatiq.worker.enabled=false",
					"dramatiq.broker.fail-fast=false", "dramatiq.abort.enabled=true",
					"dramatiq.abort.exchange=app.aborts")
			.run((context) -> assertThat(context.getBean(RabbitmqEventBackend.class).exchange())
				.isEqualTo("app.aborts"));
	}

	@Test
	void backendPropertyWinsOverTheBrokersType() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
			.withUserConfiguration(RedisConnectionConfiguration.class)
			.withPropertyValues("dramatiq.broker.type=redis", "dramatiq.worker.enabled=false",
					"dramatiq.abort.enabled=true", "dramatiq.abort.backend=stub")
			.run((context) -> assertThat(context).hasSingleBean(StubEventBackend.class)
				.doesNotHaveBean(RedisEventBackend.class));
	}

	@Test
	void applicationsBackendIsUsed() {
		this.contextRunner.withPropertyValues("dramatiq.abort.enabled=true")
			.withBean("myBackend", EventBackend.class, MyBackend::new)
			.run((context) -> {
				assertThat(context).doesNotHaveBean("dramatiqAbortBackend");
				assertThat(context.getBean(Abortable.class).backend()).isSameAs(context.getBean("myBackend"));
			});
	}

	@Test
	void pollIntervalOfZeroFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("dramatiq.abort.enabled=true", "dramatiq.abort.poll-interval=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessageContaining("dramatiq.abort.poll-interval"));
	}

	@Test
	void redisBackendWithoutSpringDataRedisFailsNamingTheProperty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("dramatiq.abort.enabled=true", "dramatiq.abort.backend=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessageContaining("dramatiq.abort.backend")
				.hasMessageContaining("spring-boot-starter-data-redis"));
	}

	@Test
	void propertiesUseConsistentDefaultValues() {
		DramatiqAbortProperties properties = new DramatiqProperties().getAbort();
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getBackend()).isNull();
		assertThat(properties.isAbortable()).isTrue();
		assertThat(properties.getTtl()).isEqualTo(Abortable.DEFAULT_ABORT_TTL);
		assertThat(properties.getPollInterval()).isEqualTo(Abortable.DEFAULT_POLL_INTERVAL);
		assertThat(properties.getNamespace()).isEqualTo(RedisEventBackend.DEFAULT_NAMESPACE);
		assertThat(properties.getExchange()).isEqualTo(RabbitmqEventBackend.DEFAULT_EXCHANGE);
	}

	static class MyBackend extends StubEventBackend {

	}

	@Configuration(proxyBeanMethods = false)
	static class RedisConnectionConfiguration {

		@Bean
		RedisConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RabbitConnectionConfiguration {

		@Bean
		ConnectionFactory rabbitConnectionFactory() {
			return new CachingConnectionFactory("127.0.0.1");
		}

	}

}
