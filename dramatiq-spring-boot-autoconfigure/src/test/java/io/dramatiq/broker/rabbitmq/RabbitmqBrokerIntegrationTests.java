package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.dramatiq.broker.AbstractBrokerTests;
import io.dramatiq.broker.Broker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.QueueNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The broker contract on the real RabbitMQ at 127.0.0.1:5672.
 */
class RabbitmqBrokerIntegrationTests extends AbstractBrokerTests {

	private static CachingConnectionFactory connectionFactory;

	private static RabbitmqAdmin admin;

	// runs after every @AfterEach, so after the workers stopped and the broker closed
	@RegisterExtension
	final AfterEachCallback deleteQueues = (context) -> admin.deleteQueues(this.queue);

	@BeforeAll
	static void connect() throws Exception {
		RabbitmqAdmin.assumeRabbitmq();
		connectionFactory = RabbitmqAdmin.connectionFactory("dramatiq-contract-tests");
		admin = RabbitmqAdmin.connect();
	}

	@AfterAll
	static void disconnect() throws IOException {
		if (admin != null) {
			admin.close();
		}
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@Override
	protected Broker createBroker() {
		return new RabbitmqBroker(connectionFactory, new JsonMessageEncoder());
	}

	@Override
	protected void publishRaw(String queueName, byte[] body) {
		try {
			// a Python producer declares the queues before it publishes
			admin.declareAsPython(QueueNames.canonical(queueName), null);
			admin.publishAsPython(queueName, body, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
