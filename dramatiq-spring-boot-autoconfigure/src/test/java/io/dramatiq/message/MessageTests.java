package io.dramatiq.message;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link Message}: immutable copies with Python's option merge rules (spec 1.4)
 * and Python's repr.
 */
class MessageTests {

	private final Message message = new Message("default", "add", List.of(1, 2), Map.of(),
			options("x_custom", "keep", "retries", 1), "6ff853a6-73d8-48ea-ac88-ff4e061adcc4", 1795499148828L);

	@Test
	void copiesNeverChangeTheOriginal() {
		this.message.withOption("eta", 5)
			.withOptions(Map.of("retries", 2))
			.withoutOption("x_custom")
			.withQueueName("default.DQ")
			.withArgs(List.of(3))
			.withReplacedOptions(Map.of());
		assertThat(this.message.queueName()).isEqualTo("default");
		assertThat(this.message.args()).containsExactly(1, 2);
		assertThat(this.message.options()).containsExactly(Map.entry("x_custom", "keep"), Map.entry("retries", 1));
	}

	@Test
	void copiesKeepIdentityAndTimestamp() {
		Message copy = this.message.withOption("eta", 5).withQueueName("default.DQ");
		assertThat(copy.messageId()).isEqualTo(this.message.messageId());
		assertThat(copy.messageTimestamp()).isEqualTo(this.message.messageTimestamp());
	}

	@Test
	void withOptionsKeepsExistingKeyPositionsAndAppendsNewOnes() {
		Message copy = this.message.withOptions(options("eta", 10, "retries", 2, "traceback", "t"));
		assertThat(copy.options()).containsExactly(Map.entry("x_custom", "keep"), Map.entry("retries", 2),
				Map.entry("eta", 10), Map.entry("traceback", "t"));
	}

	@Test
	void withOptionReplacesInPlaceOrAppends() {
		assertThat(this.message.withOption("x_custom", "new").options()).containsExactly(Map.entry("x_custom", "new"),
				Map.entry("retries", 1));
		assertThat(this.message.withOption("eta", 3).options()).containsExactly(Map.entry("x_custom", "keep"),
				Map.entry("retries", 1), Map.entry("eta", 3));
	}

	@Test
	void withoutOptionOfAnAbsentKeyReturnsTheSameMessage() {
		assertThat(this.message.withoutOption("eta")).isSameAs(this.message);
		assertThat(this.message.withoutOption("retries").options()).containsExactly(Map.entry("x_custom", "keep"));
	}

	@Test
	void optionsAllowNullValues() {
		Message copy = this.message.withOption("max_retries", null);
		assertThat(copy.options()).containsEntry("max_retries", null);
		assertThat(copy.option("max_retries")).isNull();
	}

	@Test
	void constructorCopiesItsCollections() {
		List<Object> args = new ArrayList<>(List.of(1));
		Map<String, Object> options = new LinkedHashMap<>();
		Message created = new Message("q", "a", args, null, options, "id", 1);
		args.add(2);
		options.put("eta", 1);
		assertThat(created.args()).containsExactly(1);
		assertThat(created.options()).isEmpty();
		assertThat(created.kwargs()).isEmpty();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> created.args().add(3));
	}

	@Test
	void constructorRequiresQueueActorAndId() {
		assertThatNullPointerException().isThrownBy(() -> new Message(null, "a", null, null, null, "id", 1))
			.withMessage("'queueName' must not be null");
		assertThatNullPointerException().isThrownBy(() -> new Message("q", null, null, null, null, "id", 1))
			.withMessage("'actorName' must not be null");
		assertThatNullPointerException().isThrownBy(() -> new Message("q", "a", null, null, null, null, 1))
			.withMessage("'messageId' must not be null");
	}

	@Test
	void asMapHasTheSevenEnvelopeKeysInWireOrder() {
		assertThat(new ArrayList<>(this.message.asMap().keySet())).containsExactly("queue_name", "actor_name", "args",
				"kwargs", "options", "message_id", "message_timestamp");
	}

	@Test
	void toStringShowsTheCallAsPythonsRepr() {
		Message countWords = Message.create("default", "count_words", List.of("foo"), Map.of(), Map.of());
		assertThat(countWords).hasToString("count_words('foo')");
		Message add = Message.create("default", "add", List.of(1, 2), options("x", null), Map.of());
		assertThat(add).hasToString("add(1, 2, x=None)");
	}

	@Test
	void toStringShowsValuesAsPythonWould() {
		Map<String, Object> map = options("k", true);
		List<Object> args = Arrays.asList("it's", 1.0, 1e-05, Double.NaN, BigInteger.TWO.pow(70), List.of(false), map,
				"tab\t");
		Message message = Message.create("default", "f", args, Map.of(), Map.of());
		assertThat(message)
			.hasToString("f(\"it's\", 1.0, 1e-05, nan, 1180591620717411303424, [False], {'k': True}, 'tab\\t')");
	}

	private static Map<String, Object> options(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
