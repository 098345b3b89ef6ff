package io.dramatiq.benchmarks;

import java.util.List;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.broker.rabbitmq.RabbitmqBrokerOptions;
import io.dramatiq.message.JsonMessageEncoder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The RabbitMQ node {@code dramatiq-fault@localhost} on 127.0.0.1:5690. Raw bodies go
 * through Spring AMQP's {@link RabbitTemplate} to the default exchange, persistent, as a
 * program that is not Dramatiq would publish them.
 */
final class RabbitmqFaultTarget implements FaultTarget {

	static final String NODE = "dramatiq-fault@localhost";

	static final int PORT = 5690;

	private final CachingConnectionFactory connectionFactory;

	private final RabbitmqBroker broker;

	private final RabbitTemplate template;

	RabbitmqFaultTarget() {
		this.connectionFactory = new CachingConnectionFactory("127.0.0.1", PORT);
		this.connectionFactory.setUsername("guest");
		this.connectionFactory.setPassword("guest");
		this.broker = Bench.withMiddleware(
				new RabbitmqBroker(this.connectionFactory, new JsonMessageEncoder(), RabbitmqBrokerOptions.defaults()));
		this.template = new RabbitTemplate(this.connectionFactory);
	}

	@Override
	public Broker broker() {
		return this.broker;
	}

	@Override
	public List<String> workerArguments() {
		return List.of("rabbitmq", "127.0.0.1", String.valueOf(PORT));
	}

	@Override
	public void closeConnections() throws Exception {
		FaultTarget.run("rabbitmqctl", "-n", NODE, "-q", "close_all_connections", "dramatiq fault suite");
	}

	@Override
	public void restart() throws Exception {
		FaultTarget.run(FaultTarget.script("restart-rabbitmq"));
	}

	@Override
	public void publishRaw(String queue, byte[] body) {
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		this.template.send("", queue, new org.springframework.amqp.core.Message(body, properties));
	}

	@Override
	public long deadLettered(String queue) throws Exception {
		try (Connection connection = this.connectionFactory.getRabbitConnectionFactory().newConnection();
				Channel channel = connection.createChannel()) {
			return channel.queueDeclarePassive(queue + ".XQ").getMessageCount();
		}
	}

	@Override
	public void cleanUp(String queue) throws Exception {
		try (Connection connection = this.connectionFactory.getRabbitConnectionFactory().newConnection();
				Channel channel = connection.createChannel()) {
			for (String name : List.of(queue, queue + ".DQ", queue + ".XQ")) {
				channel.queueDelete(name);
			}
		}
	}

	@Override
	public void close() {
		this.broker.close();
		this.connectionFactory.destroy();
	}

}
