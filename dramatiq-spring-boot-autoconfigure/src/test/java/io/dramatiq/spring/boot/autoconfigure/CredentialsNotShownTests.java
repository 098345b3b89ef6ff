package io.dramatiq.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.LogEvents;
import io.dramatiq.spring.boot.actuate.DramatiqHealthIndicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Connection settings may hold a user and password ({@code redis://user:secret@host},
 * {@code amqp://user:secret@host}): neither the failure analysis of an unreachable
 * broker, nor the log, nor the health details show the password.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialsNotShownTests {

	@Test
	void redisUrlPasswordIsNotInTheFailureAnalysisNorTheLog(CapturedOutput output) throws IOException {
		int port = closedPort();
		assertThatException().isThrownBy(() -> run(RedisApplication.class, "dramatiq.broker.type=redis",
				"spring.data.redis.url=redis://user:secret@127.0.0.1:" + port, "spring.data.redis.timeout=2s"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The redis broker did not answer at start-up (spring.data.redis.url=redis://127.0.0.1:" + port
					+ ")")
			.doesNotContain("secret");
	}

	@Test
	void rabbitmqAddressesPasswordIsNotInTheFailureAnalysisNorTheLog(CapturedOutput output) throws IOException {
		int port = closedPort();
		assertThatException().isThrownBy(() -> run(RabbitmqApplication.class, "dramatiq.broker.type=rabbitmq",
				"spring.rabbitmq.addresses=amqp://user:secret@127.0.0.1:" + port + ",user:secret@127.0.0.1:" + port));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("The rabbitmq broker did not answer at start-up (spring.rabbitmq.addresses=amqp://127.0.0.1:"
					+ port + ",127.0.0.1:" + port + ")")
			.doesNotContain("secret");
	}

	@Test
	void redisUrlPasswordIsNotInTheHealthDetails() throws IOException {
		int port = closedPort();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, DramatiqAutoConfiguration.class,
					DramatiqHealthContributorAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=redis", "dramatiq.worker.enabled=false",
					"spring.data.redis.url=redis://user:secret@127.0.0.1:" + port, "spring.data.redis.timeout=2s")
			.run((context) -> {
				Health health = context.getBean(DramatiqHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsKey("error");
				assertThat(health.getDetails().toString()).doesNotContain("secret");
			});
	}

	@Test
	void redisUrlPasswordIsNotInTheLogOfAWorkerThatCannotConnect() throws IOException {
		int port = closedPort();
		try (LogEvents logs = LogEvents.all().debug("io.dramatiq")) {
			new ApplicationContextRunner()
				.withConfiguration(
						AutoConfigurations.of(DataRedisAutoConfiguration.class, DramatiqAutoConfiguration.class))
				.withUserConfiguration(EchoActor.class)
				.withPropertyValues("dramatiq.broker.type=redis", "dramatiq.worker.restart-delay=50ms",
						"spring.data.redis.url=redis://user:secret@127.0.0.1:" + port, "spring.data.redis.timeout=2s")
				.run((context) -> await().atMost(Duration.ofSeconds(20))
					.until(() -> logs.lines().stream().anyMatch((line) -> line.contains("lost its connection"))));
			assertThat(logs.lines()).isNotEmpty().noneMatch((line) -> line.contains("secret"));
		}
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void run(Class<?> configuration, String... properties) {
		new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "dramatiq.worker.enabled=false",
					"dramatiq.broker.fail-fast=true")
			.properties(properties)
			.run()
			.close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ DataRedisAutoConfiguration.class, DramatiqAutoConfiguration.class })
	static class RedisApplication {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ RabbitAutoConfiguration.class, DramatiqAutoConfiguration.class })
	static class RabbitmqApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoActor {

		@Bean
		SmartInitializingSingleton echoActor(Broker broker) {
			return () -> broker
				.declareActor(new ActorDefinition("echo", "credentials", 0, Map.of(), (args, kwargs) -> null));
		}

	}

}
