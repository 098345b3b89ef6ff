package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.dramatiq.broker.ConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;

/**
 * Where the broker's connections come from, all configured by one Spring AMQP
 * {@link ConnectionFactory} (Boot's, from {@code spring.rabbitmq.*}):
 * <ul>
 * <li>publishing and queue management use channels of the factory's publisher connection
 * (its shared connection when it has no separate publisher factory). Spring re-opens that
 * connection when it died; our channels on it are plain client channels, outside Spring's
 * channel cache, because they stay in confirm mode;</li>
 * <li>each consumer gets a connection of its own, as in Python Dramatiq, so a busy or
 * blocked queue cannot stall another. It is opened with a copy of the factory's
 * underlying RabbitMQ client factory (same host, port, credentials, TLS, heartbeat and
 * timeouts) with automatic recovery off: after a connection loss the worker restarts the
 * consumer itself, and a recovered channel must never receive acks for deliveries of the
 * old one. Its consumer callbacks run on the connection's own thread, not on a pool (see
 * {@link CallerRunsExecutor}). That client factory knows one host; with a cluster, the
 * consumers try the {@link RabbitmqAddresses} they were given, in their order, as the
 * publisher connection tries the factory's addresses.</li>
 * </ul>
 */
final class RabbitmqConnections {

	private static final Logger logger = LoggerFactory.getLogger(RabbitmqConnections.class);

	private final ConnectionFactory publisherFactory;

	private final com.rabbitmq.client.ConnectionFactory consumerFactory;

	private final ConnectionFactory fallbackConsumerFactory;

	private final RabbitmqAddresses consumerAddresses;

	private volatile org.springframework.amqp.rabbit.connection.Connection publishing;

	/**
	 * Create the connections.
	 * @param connectionFactory the Spring AMQP connection factory
	 * @param consumerAddresses the nodes consumers connect to, or {@code null} for the
	 * host and port of the factory's RabbitMQ client factory
	 */
	RabbitmqConnections(ConnectionFactory connectionFactory, RabbitmqAddresses consumerAddresses) {
		this.consumerAddresses = consumerAddresses;
		ConnectionFactory publisher = connectionFactory.getPublisherConnectionFactory();
		this.publisherFactory = (publisher != null) ? publisher : connectionFactory;
		if (connectionFactory instanceof AbstractConnectionFactory factory) {
			com.rabbitmq.client.ConnectionFactory copy = factory.getRabbitConnectionFactory().clone();
			copy.setAutomaticRecoveryEnabled(false);
			copy.setTopologyRecoveryEnabled(false);
			this.consumerFactory = copy;
			this.fallbackConsumerFactory = null;
		}
		else {
			logger.warn("RabbitMQ connection factory {} does not expose its client factory; consumers share its"
					+ " connection instead of opening one each.", connectionFactory.getClass().getName());
			this.consumerFactory = null;
			this.fallbackConsumerFactory = connectionFactory;
		}
	}

	/**
	 * Open a channel on the publisher connection, opening that connection if needed.
	 * @return a new channel
	 * @throws ConnectionException if RabbitMQ cannot be reached
	 */
	Channel createPublisherChannel() {
		Channel channel;
		try {
			channel = publishingConnection().createChannel();
		}
		catch (IOException | AmqpException | ShutdownSignalException ex) {
			throw new ConnectionException("Could not open a channel to RabbitMQ at " + address() + ".", ex);
		}
		if (channel == null) {
			throw new ConnectionException("Could not open a channel to RabbitMQ at " + address()
					+ ": the connection has as many channels as RabbitMQ allows.");
		}
		return channel;
	}

	/**
	 * Return whether {@link #createConsumerConnection} opens a connection of its own,
	 * which the consumer closes, rather than handing out the factory's shared one.
	 * @return whether consumers own their connection
	 */
	boolean ownsConsumerConnections() {
		return this.consumerFactory != null;
	}

	/**
	 * Open a connection for one consumer.
	 * @param name the connection's name, shown in RabbitMQ's management tools
	 * @return a new connection, or the factory's shared one (see
	 * {@link #ownsConsumerConnections()})
	 * @throws ConnectionException if RabbitMQ cannot be reached
	 */
	Connection createConsumerConnection(String name) {
		try {
			if (this.consumerFactory == null) {
				return this.fallbackConsumerFactory.createConnection().getDelegate();
			}
			if (this.consumerAddresses == null) {
				return this.consumerFactory.newConnection(CallerRunsExecutor.INSTANCE, name);
			}
			// tried one after the other until one answers, as Spring AMQP does
			Connection connection = this.consumerFactory.newConnection(CallerRunsExecutor.INSTANCE,
					this.consumerAddresses.forNextConnection(), name);
			this.consumerAddresses.connected();
			return connection;
		}
		catch (IOException | TimeoutException | AmqpException | ShutdownSignalException ex) {
			throw new ConnectionException("Could not connect to RabbitMQ at " + consumerAddress() + " to consume.", ex);
		}
	}

	/**
	 * Check that RabbitMQ answers, opening the publisher connection if needed.
	 * @throws ConnectionException if it does not
	 */
	void ping() {
		try {
			if (!publishingConnection().isOpen()) {
				throw new ConnectionException("The connection to RabbitMQ at " + address() + " is closed.");
			}
		}
		catch (AmqpException | ShutdownSignalException ex) {
			throw new ConnectionException("RabbitMQ at " + address() + " is not reachable.", ex);
		}
	}

	private Connection publishingConnection() {
		org.springframework.amqp.rabbit.connection.Connection connection = this.publishing;
		if (connection == null || !connection.isOpen()) {
			synchronized (this) {
				connection = this.publishing;
				if (connection == null || !connection.isOpen()) {
					connection = this.publisherFactory.createConnection();
					this.publishing = connection;
				}
			}
		}
		return connection.getDelegate();
	}

	/**
	 * Give the publisher connection back to the factory; Spring closes it or keeps it for
	 * other users, depending on its cache mode.
	 */
	void close() {
		org.springframework.amqp.rabbit.connection.Connection connection = this.publishing;
		this.publishing = null;
		if (connection != null) {
			try {
				connection.close();
			}
			catch (AmqpException ex) {
				logger.debug("Failed to release the RabbitMQ publisher connection.", ex);
			}
		}
	}

	/**
	 * Return where publishers connect, for messages: the factory's first host and port
	 * (Spring AMQP fails over to its other addresses, which it does not expose), or the
	 * consumers' addresses when they were given, since they name the same cluster.
	 */
	String address() {
		return (this.consumerAddresses != null) ? this.consumerAddresses.toString()
				: this.publisherFactory.getHost() + ":" + this.publisherFactory.getPort();
	}

	private String consumerAddress() {
		if (this.consumerAddresses != null) {
			return this.consumerAddresses.toString();
		}
		if (this.consumerFactory != null) {
			return this.consumerFactory.getHost() + ":" + this.consumerFactory.getPort();
		}
		return address();
	}

}
