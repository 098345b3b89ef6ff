package io.dramatiq.broker.rabbitmq;

import java.util.List;

import com.rabbitmq.client.Address;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory.AddressShuffleMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The order in which consumer connections try the nodes of a cluster, as Spring AMQP's
 * connection factory tries its addresses.
 */
class RabbitmqAddressesTests {

	private static final Address A = new Address("a", 5672);

	private static final Address B = new Address("b", 5672);

	private static final Address C = new Address("c", 5673);

	@Test
	void noneTriesTheNodesInTheGivenOrderEveryTime() {
		RabbitmqAddresses addresses = RabbitmqAddresses.parse("a:5672,b:5672,c:5673", AddressShuffleMode.NONE);
		assertThat(addresses.forNextConnection()).containsExactly(A, B, C);
		addresses.connected();
		assertThat(addresses.forNextConnection()).containsExactly(A, B, C);
	}

	@Test
	void inorderStartsOneNodeFurtherAfterEachConnection() {
		RabbitmqAddresses addresses = new RabbitmqAddresses(List.of(A, B, C), AddressShuffleMode.INORDER);
		assertThat(addresses.forNextConnection()).containsExactly(A, B, C);
		addresses.connected();
		assertThat(addresses.forNextConnection()).containsExactly(B, C, A);
		addresses.connected();
		addresses.connected();
		assertThat(addresses.forNextConnection()).containsExactly(A, B, C);
	}

	@Test
	void randomTriesEveryNodeOnce() {
		RabbitmqAddresses addresses = new RabbitmqAddresses(List.of(A, B, C), AddressShuffleMode.RANDOM);
		assertThat(addresses.forNextConnection()).containsExactlyInAnyOrder(A, B, C);
	}

	@Test
	void addressesAreShownAsHostAndPort() {
		assertThat(RabbitmqAddresses.parse("a:5672, b", AddressShuffleMode.NONE)).hasToString("a:5672, b");
	}

	@Test
	void anEmptyListIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RabbitmqAddresses(List.of(), AddressShuffleMode.NONE))
			.withMessage("'addresses' must hold at least one address.");
	}

}
