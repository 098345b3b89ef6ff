package io.dramatiq.spring.boot.autoconfigure;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.rabbitmq.client.Channel;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.broker.LogEvents;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.message.Message;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.amqp.autoconfigure.metrics.RabbitMetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The RabbitMQ broker in a Spring Boot application on the local RabbitMQ: Boot's
 * connection factory from {@code spring.rabbitmq.*}, the broker, and the worker container
 * running an actor.
 */
class RabbitmqAutoConfigurationIntegrationTests {

	private static final String HOST = System.getProperty("rabbitmq.host", "127.0.0.1");

	private static final int PORT = Integer.getInteger("rabbitmq.port", 5672);

	private final String queue = "rmq_" + UUID.randomUUID().toString().substring(0, 8);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, RabbitmqFirstAutoConfiguration.class,
				DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=rabbitmq", "spring.rabbitmq.host=" + HOST,
				"spring.rabbitmq.port=" + PORT, "dramatiq.worker.threads=2", "dramatiq.worker.worker-timeout=100ms",
				"test.queue=" + this.queue)
		.withUserConfiguration(EchoActorConfiguration.class);

	@BeforeEach
	void assumeRabbitmq() {
		BrokerAvailability.assumeReachable(HOST, PORT, "RabbitMQ", "rabbitmq-server -detached");
	}

	@Test
	void workerRunsAnActorSentThroughTheRabbitmqBroker() {
		this.contextRunner.run((context) -> {
			// Given a Boot application on RabbitMQ with an actor on a fresh queue
			assertThat(context).getBean(Broker.class).isInstanceOf(RabbitmqBroker.class);
			RabbitmqBroker broker = context.getBean(RabbitmqBroker.class);
			// When a message is sent to it
			broker.enqueue(Message.create(this.queue, "echo", List.of("hello"), Map.of(), Map.of()));
			// I expect the running worker to run it and RabbitMQ to end up empty
			List<Object> echoes = echoes(context.getBean("echoes"));
			await().atMost(Duration.ofSeconds(20)).until(() -> echoes.size() == 1);
			assertThat(echoes).containsExactly("hello");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> broker.queueCounts(this.queue).equals(new Broker.QueueCounts(0, 0, 0)));
		});
	}

	@Test
	void consumersFailOverToTheNextAddressAsPublishersDo() throws IOException {
		// Given spring.rabbitmq.addresses whose first node does not answer
		String addresses = "127.0.0.1:" + closedPort() + "," + HOST + ":" + PORT;
		this.contextRunner.withPropertyValues("spring.rabbitmq.addresses=" + addresses).run((context) -> {
			// When a message is sent (the publisher fails over to the second node)
			RabbitmqBroker broker = context.getBean(RabbitmqBroker.class);
			broker.enqueue(Message.create(this.queue, "echo", List.of("failover"), Map.of(), Map.of()));
			// I expect the worker's consumers to fail over too, and run it
			List<Object> echoes = echoes(context.getBean("echoes"));
			await().atMost(Duration.ofSeconds(20)).until(() -> echoes.size() == 1);
			assertThat(echoes).containsExactly("failover");
		});
	}

	@Test
	void startAndStopWithRabbitmqMetricsLogNoErrorNorWarning() {
		// Given a Boot application whose RabbitMQ client records metrics (Micrometer on
		// the class path), with the broker publishing and a worker consuming
		try (LogEvents logs = LogEvents.all()) {
			this.contextRunner.withConfiguration(AutoConfigurations.of(RabbitMetricsAutoConfiguration.class))
				.withBean(SimpleMeterRegistry.class)
				.run((context) -> {
					RabbitmqBroker broker = context.getBean(RabbitmqBroker.class);
					broker.enqueue(Message.create(this.queue, "echo", List.of("hello"), Map.of(), Map.of()));
					List<Object> echoes = echoes(context.getBean("echoes"));
					await().atMost(Duration.ofSeconds(20)).until(() -> echoes.size() == 1);
				});
			// When the application stops (the runner closes the context)
			// I expect no warning or error, and no complaint of the client's metrics
			// collector about a channel closed after its connection
			assertThat(logs.lines()).noneMatch((line) -> line.startsWith("WARN") || line.startsWith("ERROR"))
				.noneMatch((line) -> line.contains("Error while computing metrics"));
		}
	}

	/**
	 * Delete the test's queues once its application stopped, so that its consumers never
	 * see them go.
	 */
	@AfterEach
	void deleteQueues() throws Exception {
		CachingConnectionFactory factory = new CachingConnectionFactory(HOST, PORT);
		try {
			Channel channel = factory.createConnection().createChannel(false);
			for (String name : List.of(this.queue, this.queue + ".DQ", this.queue + ".XQ")) {
				channel.queueDelete(name);
			}
			channel.close();
		}
		finally {
			factory.destroy();
		}
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Object> echoes(Object bean) {
		return (List<Object>) bean;
	}

	/**
	 * Imports the RabbitMQ broker configuration ahead of the Dramatiq auto-configuration,
	 * as the Dramatiq auto-configuration itself will once it imports it.
	 */
	@AutoConfiguration(before = DramatiqAutoConfiguration.class)
	@Import(RabbitmqBrokerConfiguration.class)
	static class RabbitmqFirstAutoConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoActorConfiguration {

		@Bean
		List<Object> echoes() {
			return new CopyOnWriteArrayList<>();
		}

		@Bean
		SmartInitializingSingleton echoActor(Broker broker, Environment environment, List<Object> echoes) {
			return () -> broker.declareActor(new ActorDefinition("echo", environment.getProperty("test.queue"), 0,
					Map.of(), (args, kwargs) -> echoes.add(args.get(0))));
		}

	}

}
