package io.dramatiq.spring;

import java.time.Duration;

import io.dramatiq.actor.ArgumentEncoder;
import io.dramatiq.broker.stub.StubBroker;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link SendOptions}.
 */
class SendOptionsTests {

	@Test
	void noneHasNoDelayAndNoOptions() {
		assertThat(SendOptions.none().getDelay()).isNull();
		assertThat(SendOptions.none().getOptions()).isEmpty();
	}

	@Test
	void optionsKeepTheirOrderAndCopiesLeaveTheOriginalAlone() {
		SendOptions original = SendOptions.delay(Duration.ofSeconds(10)).withOption("max_retries", 3);
		SendOptions copy = original.withOption("broker_priority", 5).withOption("max_retries", null);
		assertThat(original.getOptions()).containsExactly(entry("max_retries", 3));
		assertThat(copy.getOptions()).containsExactly(entry("max_retries", null), entry("broker_priority", 5));
		assertThat(copy.getDelay()).isEqualTo(Duration.ofSeconds(10));
		assertThat(copy.withDelay(null).getDelay()).isNull();
	}

	@Test
	void actorProxyIsStoredAsItsNameAndDurationAsMilliseconds() {
		ActorProxy callback = new ActorProxy("print_result", "default", () -> null, () -> null);
		SendOptions options = SendOptions.option("on_success", callback)
			.withOption("min_backoff", Duration.ofSeconds(2));
		assertThat(options.getOptions()).containsExactly(entry("on_success", "print_result"),
				entry("min_backoff", 2000L));
	}

	@Test
	void timeOptionsInSpringsTextFormsAreSentAsMilliseconds() {
		SendOptions options = SendOptions.option("time_limit", "PT10M")
			.withOption("max_age", "7d")
			.withOption("min_backoff", "15s")
			.withOption("max_backoff", 60000)
			.withOption("custom", "15s");
		assertThat(options.getOptions()).containsExactly(entry("time_limit", 600000L), entry("max_age", 604800000L),
				entry("min_backoff", 15000L), entry("max_backoff", 60000L), entry("custom", "15s"));
	}

	@Test
	void timeOptionThatIsNoDurationIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> SendOptions.option("time_limit", "soon"))
			.withMessageStartingWith("Option 'time_limit' must be a duration but was 'soon'");
	}

	@Test
	void callbackOptionMustNameAnActor() {
		assertThatIllegalArgumentException().isThrownBy(() -> SendOptions.option("on_failure", 42))
			.withMessage("Option 'on_failure' must be an ActorProxy or an actor name but was java.lang.Integer.");
		assertThat(SendOptions.option("on_failure", "report").getOptions()).containsEntry("on_failure", "report");
	}

	@Test
	void delayIsNotARawOption() {
		assertThatIllegalArgumentException().isThrownBy(() -> SendOptions.option("delay", 1000))
			.withMessageContaining("withDelay(Duration)");
	}

	@Test
	void negativeDelayIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> SendOptions.delay(Duration.ofSeconds(-1)))
			.withMessage("'delay' must not be negative but was PT-1S.");
	}

	@Test
	void equalOptionsAreEqual() {
		assertThat(SendOptions.delay(Duration.ZERO).withOption("a", 1))
			.isEqualTo(SendOptions.option("a", 1).withDelay(Duration.ZERO))
			.hasSameHashCodeAs(SendOptions.option("a", 1).withDelay(Duration.ZERO));
		assertThat(SendOptions.none()).isNotEqualTo(SendOptions.delay(Duration.ZERO));
		assertThat(SendOptions.none()).isNotEqualTo(SendOptions.immediate());
	}

	@Test
	void immediateIsKeptByCopiesAndNeverBecomesAMessageOption() {
		// Given options that send at once, with a delay and an option
		SendOptions options = SendOptions.immediate().withDelay(Duration.ofSeconds(1)).withOption("max_retries", 3);
		// I expect the switch kept by every copy, and absent from the message options
		assertThat(options.isImmediate()).isTrue();
		assertThat(options.withImmediate(false).isImmediate()).isFalse();
		assertThat(SendOptions.none().isImmediate()).isFalse();
		assertThat(options.getOptions()).containsExactly(entry("max_retries", 3));
		ActorProxy proxy = new ActorProxy("count_words", "default", new StubBroker(),
				new ArgumentEncoder(JsonMapper.builder().build()));
		assertThat(proxy.messageWithOptions(options, "url").options()).containsOnlyKeys("max_retries", "delay");
	}

}
