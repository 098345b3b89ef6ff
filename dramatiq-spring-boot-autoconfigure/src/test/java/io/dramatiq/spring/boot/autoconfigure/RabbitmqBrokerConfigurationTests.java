package io.dramatiq.spring.boot.autoconfigure;

import java.io.InputStream;
import java.time.Duration;
import java.util.List;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.rabbitmq.RabbitmqAddresses;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.broker.rabbitmq.RabbitmqBrokerOptions;
import io.dramatiq.broker.rabbitmq.RabbitmqQueueType;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.middleware.AgeLimit;
import io.dramatiq.middleware.Retries;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory.AddressShuffleMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions and properties of {@link RabbitmqBrokerConfiguration}. No RabbitMQ is
 * needed: the broker connects lazily.
 */
class RabbitmqBrokerConfigurationTests {

	// imported ahead of the Dramatiq auto-configuration, as that auto-configuration will
	// import it, so that user beans are seen first
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, RabbitmqTestAutoConfiguration.class,
				DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=rabbitmq", "dramatiq.worker.enabled=false");

	@Test
	void rabbitmqBrokerUsesBootsConnectionFactoryAndPythonsDefaults() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RabbitmqBroker.class).hasBean("dramatiqBroker");
			RabbitmqBroker broker = context.getBean(RabbitmqBroker.class);
			assertThat(broker.type()).isEqualTo("rabbitmq");
			assertThat(broker.encoder()).isInstanceOf(JsonMessageEncoder.class);
			assertThat(broker.options()).isEqualTo(RabbitmqBrokerOptions.defaults());
			assertThat(broker.options().confirmDelivery()).isTrue();
			assertThat(broker.options().maxPriority()).isNull();
		});
	}

	@Test
	void propertiesSetTheBrokerOptions() {
		this.contextRunner
			.withPropertyValues("dramatiq.broker.rabbitmq.max-priority=10",
					"dramatiq.broker.rabbitmq.confirm-delivery=false", "dramatiq.broker.rabbitmq.dead-message-ttl=1h",
					"dramatiq.broker.rabbitmq.confirm-timeout=5s")
			.run((context) -> assertThat(context.getBean(RabbitmqBroker.class).options())
				.isEqualTo(new RabbitmqBrokerOptions(10, false, Duration.ofHours(1), Duration.ofSeconds(5))));
	}

	@Test
	void queueTypeQuorumDeclaresQuorumQueues() {
		this.contextRunner.withPropertyValues("dramatiq.broker.rabbitmq.queue-type=quorum")
			.run((context) -> assertThat(context.getBean(RabbitmqBroker.class).options().queueType())
				.isEqualTo(RabbitmqQueueType.QUORUM));
	}

	@Test
	void queueTypeIsClassicByDefaultAsInPython() {
		this.contextRunner.run((context) -> assertThat(context.getBean(RabbitmqBroker.class).options().queueType())
			.isEqualTo(RabbitmqQueueType.CLASSIC));
	}

	@Test
	void quorumQueuesWithAMaxPriorityFailStartUpNamingBothProperties() {
		this.contextRunner
			.withPropertyValues("dramatiq.broker.rabbitmq.queue-type=quorum",
					"dramatiq.broker.rabbitmq.max-priority=10")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessageContaining("dramatiq.broker.rabbitmq.max-priority")
				.hasMessageContaining("dramatiq.broker.rabbitmq.queue-type"));
	}

	@Test
	void queueTypeIsAKnownPropertyWithMetadata() throws Exception {
		this.contextRunner.withPropertyValues("dramatiq.broker.rabbitmq.queue-type=quorum")
			.run((context) -> assertThat(context).hasNotFailed());
		try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonNode property = null;
			for (JsonNode candidate : JsonMapper.builder().build().readTree(json).get("properties")) {
				if ("dramatiq.broker.rabbitmq.queue-type".equals(candidate.get("name").asString())) {
					property = candidate;
				}
			}
			assertThat(property).isNotNull();
			assertThat(property.get("description").asString()).contains("classic").contains("quorum");
		}
	}

	@Test
	void consumersGetTheAddressesAndShuffleModeOfSpringBoot() {
		this.contextRunner
			.withPropertyValues("spring.rabbitmq.addresses=rabbit1:5672,amqp://user:secret@rabbit2:5673",
					"spring.rabbitmq.address-shuffle-mode=inorder")
			.run((context) -> {
				RabbitmqAddresses addresses = context.getBean(RabbitmqBroker.class).consumerAddresses().orElseThrow();
				assertThat(addresses).hasToString("rabbit1:5672, rabbit2:5673");
				assertThat(addresses.shuffleMode()).isEqualTo(AddressShuffleMode.INORDER);
			});
	}

	@Test
	void consumersOfASingleNodeUseTheConnectionFactorysHost() {
		this.contextRunner.withPropertyValues("spring.rabbitmq.addresses=rabbit1:5672")
			.run((context) -> assertThat(context.getBean(RabbitmqBroker.class).consumerAddresses()).isEmpty());
	}

	@Test
	void consumersOfTheApplicationsOwnConnectionFactoryIgnoreSpringBootsAddresses() {
		this.contextRunner.withPropertyValues("spring.rabbitmq.addresses=rabbit1:5672,rabbit2:5672")
			.withBean(ConnectionFactory.class, () -> new CachingConnectionFactory("elsewhere", 5673))
			.run((context) -> assertThat(context.getBean(RabbitmqBroker.class).consumerAddresses()).isEmpty());
	}

	@Test
	void brokerUsesTheApplicationsEncoder() {
		this.contextRunner.withBean(MessageEncoder.class, CustomEncoder::new)
			.run((context) -> assertThat(context.getBean(RabbitmqBroker.class).encoder())
				.isInstanceOf(CustomEncoder.class));
	}

	@Test
	void brokerBacksOffWhenTheApplicationDefinesOne() {
		this.contextRunner.withUserConfiguration(UserBrokerConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(RabbitmqBroker.class);
			assertThat(context).getBean(Broker.class).isInstanceOf(StubBroker.class);
		});
	}

	@Test
	void noRabbitmqBrokerForAnotherBrokerType() {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=stub").run((context) -> {
			assertThat(context).doesNotHaveBean(RabbitmqBroker.class);
			assertThat(context).hasSingleBean(StubBroker.class);
		});
	}

	@Test
	void noRabbitmqBrokerWithoutSpringAmqp() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(RabbitAutoConfiguration.class, RabbitmqTestAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=rabbitmq")
			.withClassLoader(new FilteredClassLoader(ConnectionFactory.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RabbitmqBroker.class));
	}

	@Test
	void maxPriorityOutOfRangeFailsNamingThePropertyTheValueAndTheFix() {
		this.contextRunner.withPropertyValues("dramatiq.broker.rabbitmq.max-priority=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOfSatisfying(DramatiqPropertyException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("dramatiq.broker.rabbitmq.max-priority");
					assertThat(ex.getValue()).isEqualTo(0);
					assertThat(ex.getAction()).contains("from 1 to 255");
				})
				.hasMessage("Property 'dramatiq.broker.rabbitmq.max-priority' must be between 1 and 255 but was 0."));
	}

	@Test
	void rabbitmqIsTheBrokerWhenNoTypeIsSetAndSpringAmqpIsThere() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, RabbitmqTestAutoConfiguration.class,
					DramatiqAutoConfiguration.class))
			.withPropertyValues("dramatiq.worker.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(RabbitmqBroker.class));
	}

	@Test
	void brokerGetsPythonsDefaultMiddlewareThenTheApplicationsInOrder() {
		this.contextRunner.withUserConfiguration(MiddlewareConfiguration.class).run((context) -> {
			List<Middleware> middleware = context.getBean(RabbitmqBroker.class).middleware();
			assertThat(middleware).first().isInstanceOf(AgeLimit.class);
			assertThat(middleware).hasAtLeastOneElementOfType(Retries.class);
			assertThat(middleware.subList(middleware.size() - 2, middleware.size())).containsExactly(
					context.getBean("first", Middleware.class), context.getBean("second", Middleware.class));
		});
	}

	@AutoConfiguration(before = DramatiqAutoConfiguration.class)
	@Import(RabbitmqBrokerConfiguration.class)
	static class RabbitmqTestAutoConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBrokerConfiguration {

		@Bean
		StubBroker userBroker() {
			return new StubBroker();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MiddlewareConfiguration {

		@Bean
		@Order(2)
		Middleware second() {
			return new Middleware() {
			};
		}

		@Bean
		@Order(1)
		Middleware first() {
			return new Middleware() {
			};
		}

	}

	static class CustomEncoder extends JsonMessageEncoder {

	}

}
