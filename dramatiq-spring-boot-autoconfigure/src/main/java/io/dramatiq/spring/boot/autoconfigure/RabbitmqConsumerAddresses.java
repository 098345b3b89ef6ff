package io.dramatiq.spring.boot.autoconfigure;

import java.util.List;

import com.rabbitmq.client.Address;
import io.dramatiq.broker.rabbitmq.RabbitmqAddresses;

import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory.AddressShuffleMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.amqp.autoconfigure.RabbitProperties;
import org.springframework.util.ClassUtils;

/**
 * Gives the RabbitMQ broker's consumers the cluster nodes Spring Boot gave its connection
 * factory: the addresses of {@link RabbitConnectionDetails}
 * ({@code spring.rabbitmq.addresses} or a service connection) and
 * {@code spring.rabbitmq.address-shuffle-mode}, so that consumers fail over as publishers
 * do. Only loaded when Spring Boot's RabbitMQ support is on the class path.
 */
final class RabbitmqConsumerAddresses {

	private static final String DETAILS_CLASS = "org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails";

	private RabbitmqConsumerAddresses() {
	}

	/**
	 * Return the nodes consumers should try, or {@code null} to let them use the
	 * connection factory's host: when there is a single node, when Spring Boot's RabbitMQ
	 * support is missing, or when the connection factory is the application's own and
	 * does not connect to the first of Spring Boot's nodes (its addresses are then
	 * unknown).
	 * @param connectionFactory the connection factory the broker uses
	 * @param beanFactory where Spring Boot's connection details are
	 * @return the addresses, or {@code null}
	 */
	static RabbitmqAddresses of(ConnectionFactory connectionFactory, ListableBeanFactory beanFactory) {
		if (!ClassUtils.isPresent(DETAILS_CLASS, RabbitmqConsumerAddresses.class.getClassLoader())) {
			return null;
		}
		return Boot.addresses(connectionFactory, beanFactory);
	}

	/**
	 * Reads Spring Boot's types; loaded only when they are present.
	 */
	private static final class Boot {

		static RabbitmqAddresses addresses(ConnectionFactory connectionFactory, ListableBeanFactory beanFactory) {
			RabbitConnectionDetails details = beanFactory.getBeanProvider(RabbitConnectionDetails.class).getIfUnique();
			if (details == null || !(connectionFactory instanceof AbstractConnectionFactory)) {
				return null;
			}
			List<RabbitConnectionDetails.Address> nodes = details.getAddresses();
			RabbitConnectionDetails.Address first = details.getFirstAddress();
			// Spring Boot's connection factory connects to its first node: another one is
			// the application's own, configured otherwise
			boolean bootsFactory = first.host().equals(connectionFactory.getHost())
					&& first.port() == connectionFactory.getPort();
			if (nodes.size() < 2 || !bootsFactory) {
				return null;
			}
			RabbitProperties properties = beanFactory.getBeanProvider(RabbitProperties.class).getIfUnique();
			AddressShuffleMode shuffleMode = (properties != null) ? properties.getAddressShuffleMode()
					: AddressShuffleMode.NONE;
			return new RabbitmqAddresses(nodes.stream().map((node) -> new Address(node.host(), node.port())).toList(),
					shuffleMode);
		}

	}

}
