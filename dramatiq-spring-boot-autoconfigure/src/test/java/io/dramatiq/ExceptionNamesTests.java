package io.dramatiq;

import java.io.IOException;

import io.dramatiq.actor.ActorNotFoundException;
import io.dramatiq.middleware.ShutdownException;
import io.dramatiq.middleware.SkipMessageException;
import io.dramatiq.middleware.TimeLimitExceededException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Python's names for failures on the wire (spec §10.3, §14).
 */
class ExceptionNamesTests {

	@Test
	void dramatiqExceptionsGetPythonsNames() {
		assertThat(ExceptionNames.typeName(new TimeLimitExceededException("late"))).isEqualTo("TimeLimitExceeded");
		assertThat(ExceptionNames.typeName(new ShutdownException("bye"))).isEqualTo("Shutdown");
		assertThat(ExceptionNames.typeName(new SkipMessageException("skip"))).isEqualTo("SkipMessage");
		assertThat(ExceptionNames.typeName(new RetryException())).isEqualTo("Retry");
		assertThat(ExceptionNames.typeName(new ActorNotFoundException("x"))).isEqualTo("ActorNotFound");
		assertThat(ExceptionNames.typeName(new DramatiqException("x"))).isEqualTo("DramatiqError");
	}

	@Test
	void otherExceptionsGetTheirSimpleName() {
		assertThat(ExceptionNames.typeName(new IOException("x"))).isEqualTo("IOException");
		assertThat(ExceptionNames.typeName(new IllegalStateException())).isEqualTo("IllegalStateException");
	}

	@Test
	void interruptionsHaveAnEmptyTextAsInPython() {
		assertThat(ExceptionNames.text(new TimeLimitExceededException("Message 'x' exceeded its time limit")))
			.isEmpty();
		assertThat(ExceptionNames.text(new IllegalStateException())).isEmpty();
		assertThat(ExceptionNames.text(new IllegalStateException("boom"))).isEqualTo("boom");
	}

}
