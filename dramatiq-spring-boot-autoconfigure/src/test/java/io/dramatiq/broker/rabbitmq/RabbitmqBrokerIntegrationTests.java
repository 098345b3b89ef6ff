package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.AbstractBrokerTests;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.QueueJoinTimeoutException;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.message.QueueNames;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory.AddressShuffleMode;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The broker contract on the real RabbitMQ at 127.0.0.1:5672.
 */
class RabbitmqBrokerIntegrationTests extends AbstractBrokerTests {

	private static CachingConnectionFactory connectionFactory;

	private RabbitmqAdmin admin;

	// runs after every @AfterEach, so after the workers stopped and the broker closed
	@RegisterExtension
	final AfterEachCallback deleteQueues = (context) -> {
		if (this.admin != null) {
			this.admin.deleteQueues(this.queue);
		}
	};

	@AfterAll
	static void disconnect() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@Test
	void consumersShareTheConnectionOfAFactoryThatHidesItsClientFactory() {
		// Given a connection factory that is not one of Spring's own
		ConnectionFactory opaque = new OpaqueConnectionFactory(connectionFactory);
		try (RabbitmqBroker shared = new RabbitmqBroker(opaque, new JsonMessageEncoder())) {
			List<Object> runs = new CopyOnWriteArrayList<>();
			shared.declareActor(new ActorDefinition("add", this.queue, 0, Map.of(), (args, kwargs) -> runs.add(args)));
			Worker worker = new Worker(shared, WorkerOptions.defaults().withWorkerTimeout(Duration.ofMillis(100)));
			worker.start();
			// When a worker consumes through it and stops
			shared.enqueue(Message.create(this.queue, "add", List.of(1), Map.of(), Map.of()));
			await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() == 1);
			worker.stop(Duration.ofSeconds(5));
			// I expect the shared connection to stay open for publishing
			assertThat(connectionFactory.createConnection().isOpen()).isTrue();
			shared.enqueue(Message.create(this.queue, "add", List.of(2), Map.of(), Map.of()));
			assertThat(shared.queueCounts(this.queue).ready()).isOne();
		}
	}

	@Test
	void consumersFailOverToTheNextAddressWhenTheFirstNodeIsDown() throws IOException {
		// Given a cluster address list whose first node does not answer, given to both
		// the
		// connection factory (publishers) and the broker (consumers)
		String addresses = "127.0.0.1:" + closedPort() + "," + RabbitmqAdmin.HOST + ":" + RabbitmqAdmin.PORT;
		CachingConnectionFactory cluster = new CachingConnectionFactory();
		cluster.setAddresses(addresses);
		try (RabbitmqBroker failover = new RabbitmqBroker(cluster, new JsonMessageEncoder(),
				RabbitmqBrokerOptions.defaults(), RabbitmqAddresses.parse(addresses, AddressShuffleMode.NONE))) {
			List<Object> runs = new CopyOnWriteArrayList<>();
			failover
				.declareActor(new ActorDefinition("add", this.queue, 0, Map.of(), (args, kwargs) -> runs.add(args)));
			Worker worker = new Worker(failover, WorkerOptions.defaults().withWorkerTimeout(Duration.ofMillis(100)));
			worker.start();
			// When messages are sent
			failover.enqueue(Message.create(this.queue, "add", List.of(1), Map.of(), Map.of()));
			failover.enqueue(Message.create(this.queue, "add", List.of(2), Map.of(), Map.of()));
			// I expect the worker's consumers to reach the second node and run them
			await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() == 2);
			worker.stop(Duration.ofSeconds(5));
		}
		finally {
			cluster.destroy();
		}
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Test
	void joinWaitsUntilTheQueueAndItsDelayQueueStayEmpty() {
		RabbitmqBroker rabbitmq = (RabbitmqBroker) this.broker;
		List<Object> runs = new CopyOnWriteArrayList<>();
		rabbitmq.declareActor(new ActorDefinition("add", this.queue, 0, Map.of(), (args, kwargs) -> runs.add(args)));
		rabbitmq.enqueue(Message.create(this.queue, "add", List.of(1), Map.of(), Map.of()), Duration.ofMillis(300));
		// no worker yet: the delayed message stays
		assertThatExceptionOfType(QueueJoinTimeoutException.class)
			.isThrownBy(() -> rabbitmq.join(this.queue, Duration.ofMillis(300)));
		startWorker(WorkerOptions.defaults().withThreads(1));
		rabbitmq.join(this.queue, Duration.ofSeconds(20));
		// as in Python, join sees ready messages only, not those a worker holds
		await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() == 1);
		assertThat(runs).containsExactly(List.of(1));
	}

	@Override
	protected Broker createBroker() {
		// skips the test when RabbitMQ does not answer
		this.admin = RabbitmqAdmin.get();
		if (connectionFactory == null) {
			connectionFactory = RabbitmqAdmin.connectionFactory("dramatiq-contract-tests");
		}
		return new RabbitmqBroker(connectionFactory, new JsonMessageEncoder());
	}

	@Override
	protected void publishRaw(String queueName, byte[] body) {
		try {
			// a Python producer declares the queues before it publishes
			this.admin.declareAsPython(QueueNames.canonical(queueName), null);
			this.admin.publishAsPython(queueName, body, null);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A factory that only has the {@link ConnectionFactory} interface.
	 */
	private record OpaqueConnectionFactory(ConnectionFactory delegate) implements ConnectionFactory {

		@Override
		public Connection createConnection() {
			return this.delegate.createConnection();
		}

		@Override
		public String getHost() {
			return this.delegate.getHost();
		}

		@Override
		public int getPort() {
			return this.delegate.getPort();
		}

		@Override
		public String getVirtualHost() {
			return this.delegate.getVirtualHost();
		}

		@Override
		public String getUsername() {
			return this.delegate.getUsername();
		}

		@Override
		public void addConnectionListener(ConnectionListener listener) {
			this.delegate.addConnectionListener(listener);
		}

		@Override
		public boolean removeConnectionListener(ConnectionListener listener) {
			return this.delegate.removeConnectionListener(listener);
		}

		@Override
		public void clearConnectionListeners() {
			this.delegate.clearConnectionListeners();
		}

	}

}
