package io.dramatiq;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Spring-free parsing of durations in Spring Boot's forms.
 */
class DurationsTests {

	@Test
	void simpleFormsAndIsoAndPlainMilliseconds() {
		assertThat(Durations.parse("15s")).isEqualTo(Duration.ofSeconds(15));
		assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
		assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
		assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
		assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
		assertThat(Durations.parse("250")).isEqualTo(Duration.ofMillis(250));
		assertThat(Durations.parse(" 3S ")).isEqualTo(Duration.ofSeconds(3));
		assertThat(Durations.parse("PT10M")).isEqualTo(Duration.ofMinutes(10));
		assertThat(Durations.parse("P7D")).isEqualTo(Duration.ofDays(7));
		assertThat(Durations.parse("1500us")).isEqualTo(Duration.ofNanos(1500000));
	}

	@Test
	void somethingElseIsRejectedWithTheFormsToUse() {
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("ten minutes"))
			.withMessageContaining("'ten minutes' is not a duration")
			.withMessageContaining("'15s'");
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("5y"));
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.parse("PT"));
		assertThatIllegalArgumentException().isThrownBy(() -> Durations.toMillis(new Object()));
	}

	@Test
	void toMillisAcceptsDurationsNumbersAndText() {
		assertThat(Durations.toMillis(Duration.ofSeconds(2))).isEqualTo(2000);
		assertThat(Durations.toMillis(42)).isEqualTo(42);
		assertThat(Durations.toMillis("1m")).isEqualTo(60000);
	}

}
