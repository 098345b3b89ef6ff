package io.dramatiq.spring.boot.test;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import io.dramatiq.broker.stub.StubBroker.DeadLetter;
import io.dramatiq.message.Message;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;

/**
 * AssertJ assertions on one dead-lettered message and the exception that sent it there.
 */
public class DeadLetterAssert extends AbstractAssert<DeadLetterAssert, DeadLetter> {

	/**
	 * Create assertions on a dead letter; prefer
	 * {@link DramatiqAssertions#assertThat(DeadLetter)}.
	 * @param actual the dead letter
	 */
	public DeadLetterAssert(DeadLetter actual) {
		super(actual, DeadLetterAssert.class);
	}

	/**
	 * Verify the message's positional arguments, as decoded from JSON.
	 * @param args the expected arguments, in order
	 * @return this
	 */
	public DeadLetterAssert hasArgs(Object... args) {
		List<Object> actualArgs = message().args();
		if (!Objects.equals(actualArgs, Arrays.asList(args))) {
			failWithMessage("Expected dead letter %s to have args %s but had %s", describe(this.actual),
					Arrays.asList(args), actualArgs);
		}
		return this;
	}

	/**
	 * Verify how often the message was retried before it was dead-lettered (its
	 * {@code retries} option; a message never retried has none, which counts as 0).
	 * @param retries the expected number of retries
	 * @return this
	 */
	public DeadLetterAssert hasRetries(int retries) {
		Object option = message().option("retries");
		int actualRetries = (option instanceof Number number) ? number.intValue() : 0;
		if (actualRetries != retries) {
			failWithMessage("Expected dead letter %s to have been retried %d times but it was retried %d times",
					describe(this.actual), retries, actualRetries);
		}
		return this;
	}

	/**
	 * Verify that the exception that dead-lettered the message is an instance of a type.
	 * @param type the expected type
	 * @return this
	 */
	public DeadLetterAssert hasExceptionInstanceOf(Class<? extends Throwable> type) {
		isNotNull();
		if (!type.isInstance(this.actual.exception())) {
			failWithMessage("Expected dead letter %s to have an exception of type %s", describe(this.actual),
					type.getName());
		}
		return this;
	}

	/**
	 * Continue with AssertJ's assertions on the exception that dead-lettered the message.
	 * @return the throwable assertions
	 */
	public AbstractThrowableAssert<?, ? extends Throwable> exception() {
		isNotNull();
		return Assertions.assertThat(this.actual.exception()).as("exception of dead letter %s", describe(this.actual));
	}

	private Message message() {
		isNotNull();
		if (this.actual.message() == null) {
			failWithMessage("Expected a dead letter with a message but its body could not be decoded (%s)",
					this.actual.exception());
		}
		return this.actual.message();
	}

	static String describe(DeadLetter letter) {
		Message message = letter.message();
		String what = (message != null) ? message.actorName() + message.args() + " on '" + message.queueName() + "' ("
				+ message.messageId() + ")" : "an undecodable message";
		return what + ((letter.exception() != null) ? ": " + letter.exception() : "");
	}

}
