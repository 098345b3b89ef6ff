package io.dramatiq.schedule;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FixedRateTriggerTests {

	private final FixedRateTrigger every30s = new FixedRateTrigger(Duration.ofSeconds(30));

	@Test
	void ticksFallOnMultiplesOfTheRateSinceTheEpochWheneverAnInstanceStarted() {
		assertThat(this.every30s.next(Instant.parse("2026-01-01T10:00:07Z"))).isEqualTo("2026-01-01T10:00:30Z");
		assertThat(this.every30s.next(Instant.parse("2026-01-01T10:00:29.999Z"))).isEqualTo("2026-01-01T10:00:30Z");
	}

	@Test
	void nextTickIsStrictlyAfterTheGivenTime() {
		assertThat(this.every30s.next(Instant.parse("2026-01-01T10:00:30Z"))).isEqualTo("2026-01-01T10:01:00Z");
	}

	@Test
	void expressionSaysTheRate() {
		assertThat(this.every30s.expression()).isEqualTo("every 30s");
		assertThat(new FixedRateTrigger(Duration.ofMillis(1500)).expression()).isEqualTo("every 1.5s");
	}

	@Test
	void rateBelowOneMillisecondIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new FixedRateTrigger(Duration.ZERO))
			.withMessageContaining("at least 1ms");
	}

}
