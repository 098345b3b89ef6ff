package io.dramatiq;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClosestNames}.
 */
class ClosestNamesTests {

	private static final List<String> SETTINGS = List.of("max-retries", "min-backoff", "max-backoff", "time-limit",
			"max-age", "threads", "type");

	@Test
	void typosFindTheirSetting() {
		assertThat(ClosestNames.of("max-retires", SETTINGS)).hasValue("max-retries");
		assertThat(ClosestNames.of("time-limt", SETTINGS)).hasValue("time-limit");
		assertThat(ClosestNames.of("thread", SETTINGS)).hasValue("threads");
		assertThat(ClosestNames.of("typ", SETTINGS)).hasValue("type");
		assertThat(ClosestNames.of("MAX-AGE ", SETTINGS)).hasValue("max-age");
	}

	@Test
	void unrelatedOrKnownNamesFindNothing() {
		assertThat(ClosestNames.of("colour", SETTINGS)).isEmpty();
		assertThat(ClosestNames.of("threads", SETTINGS)).isEmpty();
		assertThat(ClosestNames.of("x", List.of())).isEmpty();
	}

	@Test
	void swappingTwoNeighboursIsOneEdit() {
		assertThat(ClosestNames.distance("retires", "retries")).isOne();
		assertThat(ClosestNames.distance("abc", "abc")).isZero();
		assertThat(ClosestNames.distance("", "abc")).isEqualTo(3);
	}

}
