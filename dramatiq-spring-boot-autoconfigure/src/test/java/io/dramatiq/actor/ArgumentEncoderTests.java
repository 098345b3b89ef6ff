package io.dramatiq.actor;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.dramatiq.message.EncodeException;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ArgumentEncoder}.
 */
class ArgumentEncoderTests {

	private final ArgumentEncoder encoder = new ArgumentEncoder(JsonMapper.builder().build());

	@Test
	void plainValuesPassThroughUnchanged() {
		BigInteger big = BigInteger.TWO.pow(70);
		List<Object> args = this.encoder.encodeArgs(null, "s", true, 1, Long.MAX_VALUE, 2.5, big);
		assertThat(args).containsExactly(null, "s", true, 1, Long.MAX_VALUE, 2.5, big);
		assertThat(args.get(4)).isInstanceOf(Long.class);
		assertThat(args.get(6)).isSameAs(big);
	}

	@Test
	void recordsBecomeMapsInComponentOrder() {
		Object value = this.encoder.encode(new Order("o-1", 3, List.of("gift")), "args[0]");
		assertThat(value).isEqualTo(Map.of("id", "o-1", "quantity", 3, "tags", List.of("gift")));
		assertThat(List.<Object>copyOf(((Map<?, ?>) value).keySet())).containsExactly("id", "quantity", "tags");
	}

	@Test
	void pojosBecomeMapsOfTheirProperties() {
		Customer customer = new Customer();
		customer.setName("Ada");
		assertThat(this.encoder.encode(customer, "args[0]")).isEqualTo(Map.of("name", "Ada"));
	}

	@Test
	void collectionsArraysAndEnumsBecomeListsAndStrings() {
		List<Object> args = this.encoder.encodeArgs(List.of(new Order("a", 1, List.of())), new int[] { 1, 2 },
				new String[] { "x" }, new LinkedHashSet<>(List.of("b", "a")), Color.RED);
		assertThat(args).containsExactly(List.of(Map.of("id", "a", "quantity", 1, "tags", List.of())), List.of(1, 2),
				List.of("x"), List.of("b", "a"), "RED");
	}

	@Test
	void javaTimeValuesAreWrittenAsJacksonWritesThem() {
		List<Object> args = this.encoder.encodeArgs(LocalDate.of(2024, 1, 2), Instant.ofEpochSecond(5),
				Duration.ofSeconds(3));
		assertThat(args).containsExactly("2024-01-02", "1970-01-01T00:00:05Z", "PT3S");
	}

	@Test
	void optionalsBecomeTheirValueOrNull() {
		assertThat(this.encoder.encodeArgs(Optional.empty(), Optional.of(3))).containsExactly(null, 3);
	}

	@Test
	void integersStayExactAndDoublesStayDoublesInsideObjects() {
		Object value = this.encoder.encode(new Amounts(Long.MAX_VALUE, BigInteger.TWO.pow(70), 0.1, 0.1f, (short) 2),
				"args[0]");
		assertThat(value).isEqualTo(Map.of("count", Long.MAX_VALUE, "huge", BigInteger.TWO.pow(70), "ratio", 0.1,
				"rough", 0.1, "small", 2));
	}

	@Test
	void nonFiniteDoublesInsideObjectsStayDoubles() {
		Object value = this.encoder.encode(new Reading(Double.NaN, Double.NEGATIVE_INFINITY), "args[0]");
		assertThat(value).isEqualTo(Map.of("value", Double.NaN, "limit", Double.NEGATIVE_INFINITY));
	}

	@Test
	void topLevelFloatsShortsAndBytesBecomeDoublesAndIntegers() {
		assertThat(this.encoder.encodeArgs(0.1f, (short) 7, (byte) 8, 'c')).containsExactly(0.1, 7, 8, "c");
	}

	@Test
	void byteArraysBecomeBase64AsJacksonWritesThem() {
		assertThat(this.encoder.encode(new byte[] { 1, 2, 3 }, "args[0]")).isEqualTo("AQID");
	}

	@Test
	void usesTheApplicationsMapperConfiguration() {
		JsonMapper snakeCase = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();
		Object value = new ArgumentEncoder(snakeCase).encode(new Shipment("Main St", 2), "args[0]");
		assertThat(value).isEqualTo(Map.of("street_name", "Main St", "box_count", 2));
	}

	@Test
	void encodedValuesAreReadyForTheMessageEncoder() {
		List<Object> args = this.encoder.encodeArgs(new Order("o-1", 3, List.of("é")), LocalDate.of(2024, 1, 2));
		Map<String, Object> kwargs = this.encoder.encodeKwargs(Map.of("color", Color.RED));
		Message message = new Message("default", "ship", args, kwargs, Map.of(), "id", 1);
		assertThat(new String(new JsonMessageEncoder().encode(message)))
			.contains("\"args\":[{\"id\":\"o-1\",\"quantity\":3,\"tags\":[\"\\u00e9\"]},\"2024-01-02\"],"
					+ "\"kwargs\":{\"color\":\"RED\"}");
	}

	@Test
	void threadsAreRejectedNamingTheArgumentPositionAndTheFix() {
		assertThatExceptionOfType(EncodeException.class).isThrownBy(() -> this.encoder.encodeArgs("ok", new Thread()))
			.withMessageContaining("Cannot send args[1] of type java.lang.Thread in a message")
			.withMessageContaining("threads, executors and futures only make sense inside this process")
			.withMessageContaining("Make it a record or POJO Jackson can serialise, or pass an id");
	}

	@Test
	void streamsAreRejectedNamingTheKeywordArgument() {
		assertThatExceptionOfType(EncodeException.class)
			.isThrownBy(() -> this.encoder.encodeKwargs(Map.of("file", new ByteArrayInputStream(new byte[0]))))
			.withMessageContaining("Cannot send kwargs['file'] of type java.io.ByteArrayInputStream")
			.withMessageContaining("streams, connections and other resources");
	}

	@Test
	void lambdasAreRejected() {
		Runnable task = () -> {
		};
		assertThatExceptionOfType(EncodeException.class).isThrownBy(() -> this.encoder.encodeArgs(task))
			.withMessageContaining("Cannot send args[0]")
			.withMessageContaining("lambdas and other generated classes have no data to send");
	}

	@Test
	void beansWithoutPropertiesAreRejectedEvenIfTheMapperAllowsThem() {
		assertThatExceptionOfType(EncodeException.class)
			.isThrownBy(() -> this.encoder.encode(new Object(), "argument 'payload'"))
			.withMessageContaining("Cannot send argument 'payload' of type java.lang.Object")
			.withMessageContaining("Jackson cannot serialise it")
			.withMessageContaining("Make it a record or POJO");
	}

	@Test
	void cyclicObjectsAreRejected() {
		Link first = new Link();
		Link second = new Link();
		first.next = second;
		second.next = first;
		assertThatExceptionOfType(EncodeException.class).isThrownBy(() -> this.encoder.encodeArgs(first))
			.withMessageContaining("Cannot send args[0] of type " + Link.class.getName())
			.withMessageContaining("Jackson cannot serialise it")
			.withMessageContaining("nesting depth");
	}

	record Order(String id, int quantity, List<String> tags) {
	}

	record Amounts(long count, BigInteger huge, double ratio, float rough, short small) {
	}

	record Shipment(String streetName, int boxCount) {
	}

	record Reading(double value, double limit) {
	}

	enum Color {

		RED

	}

	static class Customer {

		private String name;

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

	}

	static class Link {

		public Link next;

	}

}
