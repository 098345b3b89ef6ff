package io.dramatiq.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link QueueNames}: Python Dramatiq's naming rules (spec 2, checklist C9 and
 * C10).
 */
class QueueNamesTests {

	@Test
	void canonicalNameStripsOneDelayOrDeadSuffix() {
		assertThat(QueueNames.canonical("q")).isEqualTo("q");
		assertThat(QueueNames.canonical("q.DQ")).isEqualTo("q");
		assertThat(QueueNames.canonical("q.XQ")).isEqualTo("q");
	}

	@Test
	void delayNameOfAnyQueueIsTheCanonicalNamePlusDq() {
		assertThat(QueueNames.delay("q")).isEqualTo("q.DQ");
		assertThat(QueueNames.delay("q.DQ")).isEqualTo("q.DQ");
		assertThat(QueueNames.delay("q.XQ")).isEqualTo("q.DQ");
	}

	@Test
	void deadNameOfAnyQueueIsTheCanonicalNamePlusXq() {
		assertThat(QueueNames.dead("q")).isEqualTo("q.XQ");
		assertThat(QueueNames.dead("q.DQ")).isEqualTo("q.XQ");
		assertThat(QueueNames.dead("q.XQ")).isEqualTo("q.XQ");
	}

	@Test
	void onlyDelayQueuesAreDelayQueues() {
		assertThat(QueueNames.isDelay("q.DQ")).isTrue();
		assertThat(QueueNames.isDelay("q")).isFalse();
		assertThat(QueueNames.isDelay("q.XQ")).isFalse();
	}

	@Test
	void defaultQueueIsNamedDefault() {
		assertThat(QueueNames.DEFAULT_QUEUE).isEqualTo("default");
	}

	@ParameterizedTest(name = "accepts \"{0}\"")
	@ValueSource(strings = { "a.b-c_1", "default", "_private", "Q", "emails.high" })
	void validateAcceptsPythonQueueNames(String name) {
		assertThat(QueueNames.validate(name)).isEqualTo(name);
	}

	@ParameterizedTest(name = "rejects \"{0}\"")
	@ValueSource(strings = { "1a", "a b", "", "-a", ".a", "a/b", "é" })
	void validateRejectsNamesPythonRejects(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> QueueNames.validate(name))
			.withMessageContaining("'" + name + "' is invalid")
			.withMessageContaining("must start with a letter or '_'");
	}

	@ParameterizedTest(name = "rejects \"{0}\"")
	@ValueSource(strings = { "q.DQ", "q.XQ" })
	void validateRejectsNamesOfDelayAndDeadLetterQueues(String name) {
		assertThatIllegalArgumentException().isThrownBy(() -> QueueNames.validate(name))
			.withMessageContaining("'" + name + "' is invalid")
			.withMessageContaining("reserved for delay and dead-letter queues");
	}

	@Test
	void validateRejectsNull() {
		assertThatIllegalArgumentException().isThrownBy(() -> QueueNames.validate(null))
			.withMessageContaining("is invalid");
	}

}
