package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.redis.RedisBrokerOptions;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.MessageEncoder;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and properties of {@link RedisBrokerConfiguration}. No Redis is needed:
 * Lettuce connects on first use.
 */
class RedisBrokerConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisImportingAutoConfiguration.class))
		.withBean(MessageEncoder.class, JsonMessageEncoder::new)
		.withBean(DramatiqBrokerConfigurer.class, () -> new DramatiqBrokerConfigurer(List.of(new RecordingMiddleware()),
				List.of(), Duration.ofSeconds(1)));

	@Test
	void redisBrokerTypeCreatesARedisBrokerWithPythonsDefaults() {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=redis").run((context) -> {
			assertThat(context).hasSingleBean(RedisBroker.class);
			assertThat(context).hasBean("dramatiqBroker");
			RedisBrokerOptions options = context.getBean(RedisBroker.class).options();
			RedisBrokerOptions defaults = RedisBrokerOptions.defaults();
			assertThat(options.namespace()).isEqualTo(defaults.namespace());
			assertThat(options.maintenanceChance()).isEqualTo(defaults.maintenanceChance());
			assertThat(options.heartbeatTimeout()).isEqualTo(defaults.heartbeatTimeout());
			assertThat(options.deadMessageTtl()).isEqualTo(defaults.deadMessageTtl());
			assertThat(context.getBean(RedisBroker.class).encoder()).isSameAs(context.getBean(MessageEncoder.class));
		});
	}

	@Test
	void redisPropertiesConfigureTheBroker() {
		this.contextRunner
			.withPropertyValues("dramatiq.broker.type=REDIS", "dramatiq.broker.redis.namespace=app1",
					"dramatiq.broker.redis.maintenance-chance=5000", "dramatiq.broker.redis.heartbeat-timeout=30s",
					"dramatiq.broker.redis.dead-message-ttl=1d")
			.run((context) -> {
				RedisBrokerOptions options = context.getBean(RedisBroker.class).options();
				assertThat(options.namespace()).isEqualTo("app1");
				assertThat(options.maintenanceChance()).isEqualTo(5000);
				assertThat(options.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(30));
				assertThat(options.deadMessageTtl()).isEqualTo(Duration.ofDays(1));
			});
	}

	@Test
	void invalidMaintenanceChanceFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("dramatiq.broker.type=redis", "dramatiq.broker.redis.maintenance-chance=2000000")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessage("Property 'dramatiq.broker.redis.maintenance-chance' must be between 0 and 1000000"
						+ " but was 2000000."));
	}

	@Test
	void onAClusterANamespaceWithoutHashTagFailsNamingThePropertyAndTheFix() {
		this.contextRunner
			.withPropertyValues("dramatiq.broker.type=redis",
					"spring.data.redis.cluster.nodes=127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(DramatiqPropertyException.class)
					.hasMessageContaining("'dramatiq.broker.redis.namespace'")
					.hasMessageContaining("'dramatiq'")
					.hasMessageContaining("Redis Cluster");
				DramatiqPropertyException failure = (DramatiqPropertyException) rootCause(context.getStartupFailure());
				assertThat(failure.getProperty()).isEqualTo("dramatiq.broker.redis.namespace");
				assertThat(failure.getAction()).contains("dramatiq.broker.redis.namespace={dramatiq}")
					.contains("RedisBroker(namespace=\"{dramatiq}\")");
			});
	}

	@Test
	void onAClusterAHashTaggedNamespaceCreatesTheBroker() {
		this.contextRunner
			.withPropertyValues("dramatiq.broker.type=redis", "dramatiq.broker.redis.namespace={dramatiq}",
					"spring.data.redis.cluster.nodes=127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003")
			.run((context) -> assertThat(context.getBean(RedisBroker.class).options().namespace())
				.isEqualTo("{dramatiq}"));
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	@Test
	void withoutARedisConnectionFactoryStartUpFailsWithHelpfulMessage() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(RedisImportingAutoConfiguration.class))
			.withBean(MessageEncoder.class, JsonMessageEncoder::new)
			.withBean(DramatiqBrokerConfigurer.class,
					() -> new DramatiqBrokerConfigurer(List.of(), List.of(), Duration.ofSeconds(1)))
			.withPropertyValues("dramatiq.broker.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessageContaining("no single RedisConnectionFactory bean")
				.satisfies((ex) -> assertThat(((DramatiqPropertyException) ex).getAction())
					.contains("spring-boot-starter-data-redis")));
	}

	@Test
	void otherBrokerTypesLeaveRedisAlone() {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=stub")
			.run((context) -> assertThat(context).doesNotHaveBean(Broker.class));
	}

	@Test
	void redisIsDetectedWhenTheTypeIsNotSetAndSpringAmqpIsAbsent() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.amqp"))
			.run((context) -> assertThat(context).hasSingleBean(RedisBroker.class));
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(Broker.class));
	}

	@Test
	void brokerGetsItsMiddlewareFromTheConfigurer() {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=redis").run((context) -> {
			List<Class<?>> expected = context.getBean(DramatiqBrokerConfigurer.class)
				.middleware()
				.stream()
				.<Class<?>>map(Object::getClass)
				.toList();
			assertThat(context.getBean(RedisBroker.class).middleware()).extracting(Object::getClass)
				.containsExactlyElementsOf(expected)
				.contains(RecordingMiddleware.class);
		});
	}

	@Test
	void userBrokerWins() {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=redis")
			.withUserConfiguration(UserBrokerConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisBroker.class);
				assertThat(context).hasSingleBean(StubBroker.class);
			});
	}

	@Test
	void withoutSpringDataRedisTheConfigurationBacksOff() {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=redis")
			// Jedis, on the test class path for other tests, is not part of this case
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class, Jedis.class))
			.run((context) -> assertThat(context).doesNotHaveBean(Broker.class));
	}

	@Test
	void propertiesUseConsistentDefaultValues() {
		RedisBrokerProperties properties = new RedisBrokerProperties();
		RedisBrokerOptions defaults = RedisBrokerOptions.defaults();
		assertThat(properties.getNamespace()).isEqualTo(defaults.namespace());
		assertThat(properties.getMaintenanceChance()).isEqualTo(defaults.maintenanceChance());
		assertThat(properties.getHeartbeatTimeout()).isEqualTo(defaults.heartbeatTimeout());
		assertThat(properties.getDeadMessageTtl()).isEqualTo(defaults.deadMessageTtl());
	}

	/**
	 * Imports the configuration as the Dramatiq auto-configuration does, so that it is
	 * processed after user configurations.
	 */
	@AutoConfiguration(after = DataRedisAutoConfiguration.class)
	@Import(RedisBrokerConfiguration.class)
	static class RedisImportingAutoConfiguration {

	}

	static class RecordingMiddleware implements Middleware {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBrokerConfiguration {

		@Bean
		StubBroker userBroker() {
			return new StubBroker();
		}

	}

}
