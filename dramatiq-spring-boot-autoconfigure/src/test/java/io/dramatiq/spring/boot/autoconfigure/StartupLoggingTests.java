package io.dramatiq.spring.boot.autoconfigure;

import java.util.Map;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.JsonMessageEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of what the starter says at start-up: which broker it chose, where it connects
 * and why, without credentials; and callback options that name unknown actors. No server
 * is needed: the brokers connect on first use and the worker does not start here unless
 * said.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupLoggingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DataRedisAutoConfiguration.class,
				BrokersFirstAutoConfiguration.class, DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.worker.enabled=false");

	@Test
	void detectedRabbitmqIsLoggedWithItsAddressButNotItsCredentials(CapturedOutput output) {
		this.contextRunner.withPropertyValues("spring.rabbitmq.addresses=amqp://bob:s3cret@127.0.0.1:5672/orders")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("INFO")
					.contains("Dramatiq broker: RabbitMQ at 127.0.0.1:5672, detected from spring-boot-starter-amqp on"
							+ " the class path.")
					.doesNotContain("s3cret")
					.doesNotContain("bob:");
			});
	}

	@Test
	void redisSetByTheTypeIsLoggedWithItsAddressButNotItsPassword(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("dramatiq.broker.type=redis",
					"spring.data.redis.url=redis://bob:s3cret@127.0.0.1:6390/2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output)
					.contains("Dramatiq broker: Redis at 127.0.0.1:6390 (database 2), set by dramatiq.broker.type.")
					.doesNotContain("s3cret");
			});
	}

	@Test
	void redisDetectedWithoutSpringAmqpSaysSo(CapturedOutput output) {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.amqp"))
			.run((context) -> assertThat(output).contains("Dramatiq broker: Redis at localhost:6379, detected from"
					+ " spring-boot-starter-data-redis on the class path (without Spring AMQP)."));
	}

	@Test
	void stubIsLoggedWithWhyItWasChosen(CapturedOutput output) {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=stub")
			.run((context) -> assertThat(output)
				.contains("Dramatiq broker: stub (in memory), set by dramatiq.broker.type."));
		this.contextRunner
			.withClassLoader(new FilteredClassLoader("org.springframework.amqp", "org.springframework.data.redis"))
			.run((context) -> assertThat(output).contains("Dramatiq broker: stub (in memory), chosen because neither"
					+ " Spring AMQP nor Spring Data Redis is on the class path."));
	}

	@Test
	void brokerOfTheApplicationIsLoggedAsSuch(CapturedOutput output) {
		this.contextRunner.withBean("ordersBroker", Broker.class, () -> new StubBroker(new JsonMessageEncoder()))
			.run((context) -> assertThat(output)
				.contains("Dramatiq broker: stub (in memory), defined by the application as bean 'ordersBroker'."));
	}

	@Test
	void callbackNamingAnUnknownActorIsWarnedAboutWithWhereItIsSetAndTheFix(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=true",
					"dramatiq.actors.[send_email].on-failure=report_falure")
			.withUserConfiguration(MailerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("WARN")
					.contains("Option 'on_failure' of actor 'send_email' (property"
							+ " 'dramatiq.actors.[send_email].on-failure') names actor 'report_falure', which is"
							+ " neither declared in this application nor registered as remote, so its callbacks will"
							+ " be logged and skipped. Did you mean 'report_failure'? Declare an actor named"
							+ " 'report_falure', or register the actor of another service with"
							+ " broker.actors().registerRemote(\"report_falure\", queue) before the worker starts.")
					.contains("Option 'on_success' of actor 'send_email' (@Actor(onSuccess) on")
					.contains("names actor 'audit'");
			});
	}

	@Test
	void callbacksNamingLocalActorsOrRemoteOnesRegisteredAtStartUpAreNotWarnedAbout(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=true",
					"dramatiq.actors.defaults.on-retry-exhausted=python_alerts",
					"dramatiq.actors.[send_email].on-failure=report_failure")
			.withUserConfiguration(MailerConfiguration.class, RemoteActorsConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("names actor 'python_alerts'")
					.doesNotContain("names actor 'report_failure'")
					.contains("names actor 'audit'");
			});
	}

	@Test
	void sendOnlyApplicationsDoNotCheckCallbacks(CapturedOutput output) {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=stub")
			.withUserConfiguration(MailerConfiguration.class)
			.run((context) -> assertThat(output).doesNotContain("names actor 'audit'"));
	}

	/**
	 * Imports the broker configurations ahead of the Dramatiq auto-configuration, as that
	 * auto-configuration will import them, so that user beans are seen first.
	 */
	@AutoConfiguration(before = DramatiqAutoConfiguration.class)
	@Import({ RabbitmqBrokerConfiguration.class, RedisBrokerConfiguration.class })
	static class BrokersFirstAutoConfiguration {

	}

	public static class Mailer {

		@Actor(name = "send_email", onSuccess = "audit")
		public void sendEmail(String address) {
		}

		@Actor(name = "report_failure")
		public void reportFailure(Map<String, Object> message, Map<String, Object> failure) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MailerConfiguration {

		@Bean
		Mailer mailer() {
			return new Mailer();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RemoteActorsConfiguration {

		@Bean
		SmartInitializingSingleton remoteActors(Broker broker) {
			return () -> broker.actors().registerRemote("python_alerts", "alerts");
		}

	}

}
