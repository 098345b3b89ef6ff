package io.dramatiq.spring.boot.autoconfigure;

import java.util.List;

import com.rabbitmq.client.Channel;
import io.dramatiq.broker.BrokerAvailability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Sends that follow the transaction on the local RabbitMQ.
 */
class RabbitmqTransactionalSendsIntegrationTests extends AbstractTransactionalSendsTests {

	private static final String HOST = System.getProperty("rabbitmq.host", "127.0.0.1");

	private static final int PORT = Integer.getInteger("rabbitmq.port", 5672);

	@BeforeEach
	void assumeRabbitmq() {
		BrokerAvailability.assumeReachable(HOST, PORT, "RabbitMQ", "rabbitmq-server -detached");
	}

	@Override
	protected ApplicationContextRunner brokerContextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DramatiqAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=rabbitmq", "spring.rabbitmq.host=" + HOST,
					"spring.rabbitmq.port=" + PORT);
	}

	/**
	 * Delete the test's queues once its application stopped.
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

}
