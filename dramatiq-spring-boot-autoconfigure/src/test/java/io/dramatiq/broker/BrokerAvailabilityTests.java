package io.dramatiq.broker;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The skip rule of integration tests: skip when the server does not answer, fail instead
 * in CI.
 */
class BrokerAvailabilityTests {

	@Test
	void unreachableServerSkipsWithItsAddressAndHowToStartItOrFailsInCi() {
		// nothing listens on port 1 of the loopback address
		Class<? extends Throwable> expected = "true".equalsIgnoreCase(System.getenv("CI")) ? AssertionFailedError.class
				: TestAbortedException.class;
		assertThatExceptionOfType(expected)
			.isThrownBy(
					() -> BrokerAvailability.assumeReachable("127.0.0.1", 1, "RabbitMQ", "rabbitmq-server -detached"))
			.withMessageContaining(
					"RabbitMQ is not answering on 127.0.0.1:1; start it with `rabbitmq-server -detached`");
	}

}
