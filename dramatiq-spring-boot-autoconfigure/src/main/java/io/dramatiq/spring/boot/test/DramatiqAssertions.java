package io.dramatiq.spring.boot.test;

import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.broker.stub.StubBroker.DeadLetter;

/**
 * AssertJ entry points for what a test sees on the stub broker. Import them statically
 * next to AssertJ's own:
 *
 * <pre class="code">
 * broker.joinAll(Duration.ofSeconds(10), false);
 * assertThat(broker).hasDeadLetter("default", "count_words")
 * 	.hasArgs("foo")
 * 	.hasRetries(3)
 * 	.hasExceptionInstanceOf(IllegalArgumentException.class);
 * </pre>
 */
public final class DramatiqAssertions {

	private DramatiqAssertions() {
	}

	/**
	 * Start assertions on a stub broker's dead letters.
	 * @param broker the broker
	 * @return the assertions
	 */
	public static StubBrokerAssert assertThat(StubBroker broker) {
		return new StubBrokerAssert(broker);
	}

	/**
	 * Start assertions on one dead letter.
	 * @param deadLetter the dead letter
	 * @return the assertions
	 */
	public static DeadLetterAssert assertThat(DeadLetter deadLetter) {
		return new DeadLetterAssert(deadLetter);
	}

}
