package io.dramatiq.broker.rabbitmq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.rabbitmq.client.Address;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory.AddressShuffleMode;

/**
 * The RabbitMQ nodes that a broker's consumers connect to, for a cluster: each new
 * consumer connection tries them one after the other until one answers, in the order
 * Spring AMQP's connection factory uses for the same list
 * ({@code spring.rabbitmq.addresses} and {@code spring.rabbitmq.address-shuffle-mode} in
 * Spring Boot):
 * <ul>
 * <li>{@link AddressShuffleMode#NONE}: always in the given order, so consumers stay on
 * the first node that answers;</li>
 * <li>{@link AddressShuffleMode#RANDOM}: in a new random order for every connection;</li>
 * <li>{@link AddressShuffleMode#INORDER}: in the given order, starting one node further
 * after every successful connection, so that connections spread over the nodes.</li>
 * </ul>
 * Publishers use the connection factory's own addresses; the broker cannot read them from
 * a Spring AMQP connection factory, so pass the same list here. Addresses hold a host and
 * a port, never credentials.
 */
public final class RabbitmqAddresses {

	private final List<Address> addresses;

	private final AddressShuffleMode shuffleMode;

	private final AtomicInteger start = new AtomicInteger();

	/**
	 * Create the list.
	 * @param addresses the nodes, at least one
	 * @param shuffleMode the order in which connections try them
	 */
	public RabbitmqAddresses(List<Address> addresses, AddressShuffleMode shuffleMode) {
		Objects.requireNonNull(addresses, "'addresses' must not be null");
		if (addresses.isEmpty()) {
			throw new IllegalArgumentException("'addresses' must hold at least one address.");
		}
		this.addresses = List.copyOf(addresses);
		this.shuffleMode = Objects.requireNonNull(shuffleMode, "'shuffleMode' must not be null");
	}

	/**
	 * Parse a comma-separated list of {@code host:port} in the format of Spring AMQP's
	 * {@code setAddresses(String)}, such as {@code "rabbit1:5672,rabbit2:5672"}.
	 * @param addresses the list
	 * @param shuffleMode the order in which connections try the nodes
	 * @return the addresses
	 */
	public static RabbitmqAddresses parse(String addresses, AddressShuffleMode shuffleMode) {
		Objects.requireNonNull(addresses, "'addresses' must not be null");
		return new RabbitmqAddresses(Arrays.asList(Address.parseAddresses(addresses)), shuffleMode);
	}

	/**
	 * Return the nodes in the order given.
	 * @return the addresses
	 */
	public List<Address> addresses() {
		return this.addresses;
	}

	/**
	 * Return the order in which connections try the nodes.
	 * @return the shuffle mode
	 */
	public AddressShuffleMode shuffleMode() {
		return this.shuffleMode;
	}

	/**
	 * Return the nodes in the order the next connection should try them.
	 */
	List<Address> forNextConnection() {
		List<Address> ordered = new ArrayList<>(this.addresses);
		if (ordered.size() > 1) {
			switch (this.shuffleMode) {
				case RANDOM -> Collections.shuffle(ordered);
				case INORDER -> Collections.rotate(ordered, -Math.floorMod(this.start.get(), ordered.size()));
				default -> {
				}
			}
		}
		return ordered;
	}

	/**
	 * Record that a connection succeeded: in {@link AddressShuffleMode#INORDER} mode, the
	 * next one starts one node further.
	 */
	void connected() {
		if (this.shuffleMode == AddressShuffleMode.INORDER) {
			this.start.incrementAndGet();
		}
	}

	/**
	 * Return the nodes as {@code host:port, host:port}, for messages.
	 */
	@Override
	public String toString() {
		return this.addresses.stream()
			.map((address) -> (address.getPort() < 0) ? address.getHost() : address.getHost() + ":" + address.getPort())
			.collect(Collectors.joining(", "));
	}

}
