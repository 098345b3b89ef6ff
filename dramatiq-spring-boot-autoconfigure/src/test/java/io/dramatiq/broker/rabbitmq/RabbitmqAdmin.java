package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.dramatiq.broker.BrokerAvailability;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * Test access to the local RabbitMQ through the plain AMQP client, independent of the
 * broker under test: what Python Dramatiq would declare and publish, passive declares,
 * {@code basic.get} and clean-up. One connection serves every test of the JVM and closes
 * with it.
 */
final class RabbitmqAdmin {

	/**
	 * The RabbitMQ to test against: 127.0.0.1 unless {@code -Drabbitmq.host} says
	 * otherwise.
	 */
	static final String HOST = System.getProperty("rabbitmq.host", "127.0.0.1");

	/**
	 * The RabbitMQ to test against: 5672 unless {@code -Drabbitmq.port} says otherwise.
	 */
	static final int PORT = Integer.getInteger("rabbitmq.port", 5672);

	private static RabbitmqAdmin shared;

	private final Connection connection;

	private Channel channel;

	private RabbitmqAdmin(Connection connection) throws IOException {
		this.connection = connection;
		this.channel = connection.createChannel();
	}

	/**
	 * Skip the calling test (or fail it in CI) when RabbitMQ does not answer.
	 */
	static void assumeRabbitmq() {
		BrokerAvailability.assumeReachable(HOST, PORT, "RabbitMQ", "rabbitmq-server -detached");
	}

	/**
	 * Return the admin connection the tests of this JVM share, opened on first use; skip
	 * the calling test (or fail it in CI) when RabbitMQ does not answer. Called from
	 * {@code @BeforeEach} methods, so that each skipped test is reported as skipped.
	 * @return the admin
	 */
	static synchronized RabbitmqAdmin get() {
		assumeRabbitmq();
		if (shared == null) {
			try {
				shared = connect();
			}
			catch (IOException | TimeoutException ex) {
				throw new IllegalStateException(
						"RabbitMQ answers on " + HOST + ":" + PORT + " but refused guest/guest.", ex);
			}
		}
		return shared;
	}

	private static RabbitmqAdmin connect() throws IOException, TimeoutException {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(HOST);
		factory.setPort(PORT);
		factory.setUsername("guest");
		factory.setPassword("guest");
		factory.setAutomaticRecoveryEnabled(false);
		return new RabbitmqAdmin(factory.newConnection("dramatiq-tests-admin"));
	}

	/**
	 * Return a Spring connection factory whose connections carry a name, so a test can
	 * find and close them on the server.
	 * @param connectionName the name
	 * @return the factory
	 */
	static CachingConnectionFactory connectionFactory(String connectionName) {
		CachingConnectionFactory factory = new CachingConnectionFactory(HOST, PORT);
		factory.setUsername("guest");
		factory.setPassword("guest");
		factory.setConnectionNameStrategy((f) -> connectionName);
		return factory;
	}

	static String uniqueQueue() {
		return "rmq_" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Return the arguments Python Dramatiq 2.2 declares {@code Q} and {@code Q.DQ} with
	 * (spec §3.1), written out independently of the broker's own code.
	 */
	static Map<String, Object> pythonQueueArguments(String queueName, Integer maxPriority) {
		Map<String, Object> arguments = new LinkedHashMap<>();
		arguments.put("x-dead-letter-exchange", "");
		arguments.put("x-dead-letter-routing-key", queueName + ".XQ");
		if (maxPriority != null) {
			arguments.put("x-max-priority", maxPriority);
		}
		return arguments;
	}

	static Map<String, Object> pythonDeadLetterArguments() {
		return Map.of("x-message-ttl", 604800000);
	}

	/**
	 * Declare the three queues as Python Dramatiq does.
	 */
	void declareAsPython(String queueName, Integer maxPriority) throws IOException {
		channel().queueDeclare(queueName, true, false, false, pythonQueueArguments(queueName, maxPriority));
		channel().queueDeclare(queueName + ".DQ", true, false, false, pythonQueueArguments(queueName, maxPriority));
		channel().queueDeclare(queueName + ".XQ", true, false, false, pythonDeadLetterArguments());
	}

	/**
	 * Publish a body as Python Dramatiq does: default exchange, {@code delivery_mode} 2.
	 */
	void publishAsPython(String queueName, byte[] body, Integer priority) throws IOException {
		AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder().deliveryMode(2);
		if (priority != null) {
			properties.priority(priority);
		}
		channel().basicPublish("", queueName, false, properties.build(), body);
	}

	long messageCount(String queueName) throws IOException {
		return channel().queueDeclarePassive(queueName).getMessageCount();
	}

	long consumerCount(String queueName) throws IOException {
		return channel().queueDeclarePassive(queueName).getConsumerCount();
	}

	/**
	 * Take one message off a queue, acknowledged.
	 * @return the message, or {@code null} if the queue is empty
	 */
	GetResponse get(String queueName) throws IOException {
		return channel().basicGet(queueName, true);
	}

	void deleteQueue(String queueName) throws IOException {
		channel().queueDelete(queueName);
	}

	void deleteQueues(String queueName) throws IOException {
		for (String name : new String[] { queueName, queueName + ".DQ", queueName + ".XQ" }) {
			deleteQueue(name);
		}
	}

	/**
	 * Return the admin channel, reopened if a failed command closed it.
	 */
	Channel channel() throws IOException {
		if (!this.channel.isOpen()) {
			this.channel = this.connection.createChannel();
		}
		return this.channel;
	}

}
