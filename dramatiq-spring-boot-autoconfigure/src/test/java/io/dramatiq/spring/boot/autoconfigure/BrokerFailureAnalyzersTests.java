package io.dramatiq.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.message.MessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests that a broker type chosen without its client, and a broker that does not answer
 * at start-up with {@code dramatiq.broker.fail-fast=true}, are reported by our failure
 * analyzers as a description and an action.
 */
@ExtendWith(OutputCaptureExtension.class)
class BrokerFailureAnalyzersTests {

	@Test
	void rabbitmqWithoutSpringAmqpIsReportedWithTheStarterToAdd(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(MissingClientConfiguration.class, "test.missing=rabbitmq"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property 'dramatiq.broker.type' is 'rabbitmq', but the RabbitMQ client (Spring AMQP) is not on"
					+ " the class path: class 'org.springframework.amqp.rabbit.connection.ConnectionFactory' is missing.")
			.contains("Add the dependency 'org.springframework.boot:spring-boot-starter-amqp' to use the rabbitmq"
					+ " broker, or set 'dramatiq.broker.type' to a broker whose client is on the class path");
	}

	@Test
	void redisWithoutSpringDataRedisIsReportedWithTheStarterToAdd(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(MissingClientConfiguration.class, "test.missing=redis"));
		assertThat(output).contains("Property 'dramatiq.broker.type' is 'redis', but the Redis client")
			.contains("Add the dependency 'org.springframework.boot:spring-boot-starter-data-redis'");
	}

	@Test
	void unreachableBrokerFailsTheStartWhenFailFastIsSet(CapturedOutput output) throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		assertThatException().isThrownBy(() -> run(UnreachableRabbitmqConfiguration.class,
				"dramatiq.broker.fail-fast=true", "spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + port));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The rabbitmq broker did not answer at start-up (spring.rabbitmq.host=127.0.0.1,"
					+ " spring.rabbitmq.port=" + port + ") and 'dramatiq.broker.fail-fast' is true")
			.contains("Start the rabbitmq server, or check 'spring.rabbitmq.host' and 'spring.rabbitmq.port' (or"
					+ " 'spring.rabbitmq.addresses').");
	}

	@Test
	void unreachableBrokerDoesNotFailTheStartByDefault() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
			.withUserConfiguration(UnreachableRabbitmqConfiguration.class)
			.withPropertyValues("dramatiq.worker.enabled=false", "spring.rabbitmq.host=127.0.0.1",
					"spring.rabbitmq.port=" + port)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(BrokerStartupCheck.class));
	}

	@Test
	void reachableBrokerPassesTheStartupCheck() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.broker.fail-fast=true")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(BrokerStartupCheck.class));
	}

	private static void run(Class<?> configuration, String... properties) {
		new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "dramatiq.worker.enabled=false")
			.properties(properties)
			.run()
			.close();
	}

	/**
	 * Throws as the broker configurations do when the chosen broker's client is missing.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DramatiqAutoConfiguration.class)
	static class MissingClientConfiguration {

		@Bean
		Broker dramatiqBroker(@Value("${test.missing}") String missing) {
			throw missing.equals("rabbitmq")
					? new BrokerClientMissingException(BrokerType.RABBITMQ, OnBrokerTypeCondition.SPRING_AMQP_CLASS)
					: new BrokerClientMissingException(BrokerType.REDIS, OnBrokerTypeCondition.SPRING_DATA_REDIS_CLASS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DramatiqAutoConfiguration.class)
	static class UnreachableRabbitmqConfiguration {

		@Bean(destroyMethod = "destroy")
		CachingConnectionFactory connectionFactory(@Value("${spring.rabbitmq.host}") String host,
				@Value("${spring.rabbitmq.port}") int port) {
			return new CachingConnectionFactory(host, port);
		}

		@Bean
		RabbitmqBroker dramatiqBroker(CachingConnectionFactory connectionFactory, MessageEncoder encoder) {
			return new RabbitmqBroker(connectionFactory, encoder);
		}

	}

}
