package io.dramatiq.spring.boot.test;

import java.util.List;

import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.broker.stub.StubBroker.DeadLetter;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;

/**
 * AssertJ assertions on the dead letters of a {@link StubBroker}. Failure messages list
 * the dead letters found, with the exception that sent each there.
 */
public class StubBrokerAssert extends AbstractAssert<StubBrokerAssert, StubBroker> {

	/**
	 * Create assertions on a broker; prefer
	 * {@link DramatiqAssertions#assertThat(StubBroker)}.
	 * @param actual the broker
	 */
	public StubBrokerAssert(StubBroker actual) {
		super(actual, StubBrokerAssert.class);
	}

	/**
	 * Verify that no message of any queue was dead-lettered.
	 * @return this
	 */
	public StubBrokerAssert hasNoDeadLetters() {
		isNotNull();
		List<DeadLetter> letters = this.actual.deadLetters();
		if (!letters.isEmpty()) {
			failWithMessage("Expected no dead letters but found %d:%n%s", letters.size(), describe(letters));
		}
		return this;
	}

	/**
	 * Verify that no message of a queue was dead-lettered.
	 * @param queueName the canonical queue name
	 * @return this
	 */
	public StubBrokerAssert hasNoDeadLetters(String queueName) {
		isNotNull();
		List<DeadLetter> letters = this.actual.deadLetters(queueName);
		if (!letters.isEmpty()) {
			failWithMessage("Expected no dead letters on queue '%s' but found %d:%n%s", queueName, letters.size(),
					describe(letters));
		}
		return this;
	}

	/**
	 * Verify that a queue has a dead letter of an actor, and continue with the oldest
	 * one.
	 * @param queueName the canonical queue name
	 * @param actorName the actor's name, as in {@code @Actor(name = ...)}
	 * @return assertions on that dead letter
	 */
	public DeadLetterAssert hasDeadLetter(String queueName, String actorName) {
		isNotNull();
		List<DeadLetter> letters = this.actual.deadLetters(queueName);
		DeadLetter found = letters.stream()
			.filter((letter) -> letter.message() != null && actorName.equals(letter.message().actorName()))
			.findFirst()
			.orElse(null);
		if (found == null) {
			failWithMessage("Expected a dead letter of actor '%s' on queue '%s' but found %s", actorName, queueName,
					letters.isEmpty() ? "none" : "only:" + System.lineSeparator() + describe(letters));
		}
		return new DeadLetterAssert(found);
	}

	/**
	 * Continue with AssertJ's list assertions on a queue's dead letters, oldest first.
	 * @param queueName the canonical queue name
	 * @return the list assertions
	 */
	public ListAssert<DeadLetter> deadLetters(String queueName) {
		isNotNull();
		return Assertions.assertThat(this.actual.deadLetters(queueName)).as("dead letters of queue '%s'", queueName);
	}

	static String describe(List<DeadLetter> letters) {
		StringBuilder text = new StringBuilder();
		for (DeadLetter letter : letters) {
			text.append("  ").append(DeadLetterAssert.describe(letter)).append(System.lineSeparator());
		}
		return text.toString();
	}

}
