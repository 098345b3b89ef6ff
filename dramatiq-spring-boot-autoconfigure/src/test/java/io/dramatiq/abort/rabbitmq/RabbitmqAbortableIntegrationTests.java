package io.dramatiq.abort.rabbitmq;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import io.dramatiq.abort.AbstractAbortableTests;
import io.dramatiq.abort.EventBackend;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.message.JsonMessageEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * Aborting on the real RabbitMQ at 127.0.0.1:5672: the RabbitMQ broker with the broadcast
 * event backend, on a queue and an exchange of its own.
 */
class RabbitmqAbortableIntegrationTests extends AbstractAbortableTests {

	static final String HOST = "127.0.0.1";

	static final int PORT = Integer.getInteger("rabbitmq.port", 5672);

	private static CachingConnectionFactory connectionFactory;

	private final String exchange = "dramatiq.aborts.test-" + UUID.randomUUID().toString().substring(0, 8);

	private RabbitmqBroker broker;

	private RabbitmqEventBackend backend;

	@BeforeAll
	static void connect() {
		BrokerAvailability.assumeReachable(HOST, PORT, "RabbitMQ");
		connectionFactory = new CachingConnectionFactory(HOST, PORT);
	}

	@AfterAll
	static void disconnect() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@Override
	protected Broker createBroker() {
		this.broker = new RabbitmqBroker(connectionFactory, new JsonMessageEncoder());
		return this.broker;
	}

	@Override
	protected EventBackend createBackend() {
		this.backend = new RabbitmqEventBackend(connectionFactory, this.exchange);
		this.backend.start();
		return this.backend;
	}

	@Override
	protected void cleanUp() {
		this.backend.close();
		this.broker.close();
		deleteQueuesAndExchange(this.queue, this.exchange);
	}

	static void deleteQueuesAndExchange(String queue, String exchange) {
		try (Channel channel = connectionFactory.createConnection().createChannel(false)) {
			if (queue != null) {
				channel.queueDelete(queue);
				channel.queueDelete(queue + ".DQ");
				channel.queueDelete(queue + ".XQ");
			}
			channel.exchangeDelete(exchange);
		}
		catch (IOException | TimeoutException ex) {
			throw new IllegalStateException("Could not delete the test's queues", ex);
		}
	}

	static CachingConnectionFactory connectionFactory() {
		return connectionFactory;
	}

}
