package io.dramatiq.actor;

import java.io.IOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.dramatiq.message.Message;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link MethodActorFunction}.
 */
class MethodActorFunctionTests {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private final Shop shop = new Shop();

	@Test
	void bindsPositionalArgumentsToPrimitives() throws Exception {
		assertThat(function("add", int.class, int.class).call(List.of(1, 2), Map.of())).isEqualTo(3);
	}

	@Test
	void bindsRecordsListsOfRecordsAndMapsWithTheirGenericTypes() throws Exception {
		Map<String, Object> order = Map.of("id", "o-1", "quantity", 2);
		List<Object> more = List.of(Map.of("id", "o-2", "quantity", 1), Map.of("id", "o-3", "quantity", 4));
		// a Long value proves Map<String, Integer> is converted, not passed through
		Object result = function("ship", Order.class, List.class, Map.class).call(List.of(order, more, Map.of("a", 5L)),
				Map.of());
		assertThat(result).isEqualTo("o-1x2 then [o-2, o-3] with {a=5}");
		assertThat(this.shop.received).containsExactly(new Order("o-1", 2), new Order("o-2", 1), new Order("o-3", 4));
	}

	@Test
	void bindsKeywordArgumentsByParameterName() throws Exception {
		assertThat(function("add", int.class, int.class).call(List.of(), Map.of("b", 2, "a", 40))).isEqualTo(42);
	}

	@Test
	void fillsPositionalArgumentsFirstThenKeywordArguments() throws Exception {
		assertThat(function("greet", String.class, Optional.class).call(List.of("Ada"), Map.of("title", "Dr")))
			.isEqualTo("Dr Ada");
	}

	@Test
	void bindsAMissingOrNullOptionalAsEmpty() throws Exception {
		MethodActorFunction greet = function("greet", String.class, Optional.class);
		assertThat(greet.call(List.of("Ada"), Map.of())).isEqualTo("Ada");
		assertThat(greet.call(Arrays.asList("Ada", null), Map.of())).isEqualTo("Ada");
	}

	@Test
	void bindsEnumsByName() throws Exception {
		assertThat(function("paint", Color.class).call(List.of("RED"), Map.of())).isEqualTo(Color.RED);
	}

	@Test
	void bindsPlainValuesToObjectParametersUnchanged() throws Exception {
		List<Object> payload = List.of(Map.of("k", List.of(1, 2)));
		assertThat(function("echo", Object.class).call(payload, Map.of())).isSameAs(payload.get(0));
	}

	@Test
	void widensAndNarrowsNumbersAsJacksonDoes() throws Exception {
		assertThat(function("measure", long.class, double.class, BigInteger.class).call(List.of(7, 2, 9L), Map.of()))
			.isEqualTo("7/2.0/9");
		assertThat(function("measure", long.class, double.class, BigInteger.class)
			.call(List.of(BigInteger.valueOf(Long.MAX_VALUE), 0.5, BigInteger.TWO.pow(70)), Map.of()))
			.isEqualTo(Long.MAX_VALUE + "/0.5/" + BigInteger.TWO.pow(70));
	}

	@Test
	void callsStaticMethodsWithoutATarget() throws Exception {
		Method twice = Shop.class.getDeclaredMethod("twice", int.class);
		assertThat(new MethodActorFunction(null, twice, mapper).call(List.of(21), Map.of())).isEqualTo(42);
	}

	@Test
	void callsPrivateMethods() throws Exception {
		assertThat(function("secret", String.class).call(List.of("x"), Map.of())).isEqualTo("secret x");
	}

	@Test
	void returnsNullForVoidMethods() throws Exception {
		assertThat(function("record", Order.class).call(List.of(Map.of("id", "o", "quantity", 1)), Map.of())).isNull();
		assertThat(this.shop.received).containsExactly(new Order("o", 1));
	}

	@Test
	void rethrowsCheckedExceptionsUnchanged() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> function("failChecked").call(List.of(), Map.of()))
			.isSameAs(this.shop.ioFailure);
	}

	@Test
	void rethrowsRuntimeExceptionsAndErrorsUnchanged() {
		assertThatIllegalStateException().isThrownBy(() -> function("failUnchecked").call(List.of(), Map.of()))
			.withMessage("out of stock");
		assertThatExceptionOfType(StackOverflowError.class)
			.isThrownBy(() -> function("failWithError").call(List.of(), Map.of()));
	}

	@Test
	void toStringShowsSimpleClassMethodAndParameterTypes() {
		assertThat(function("ship", Order.class, List.class, Map.class)).hasToString("Shop.ship(Order, List, Map)");
		assertThat(function("failChecked")).hasToString("Shop.failChecked()");
	}

	@Test
	void registryNamesBothMethodsWhenAnActorIsDeclaredTwice() {
		ActorRegistry registry = new ActorRegistry();
		registry.register(ActorDefinition.of("x", function("secret", String.class)));
		assertThatIllegalStateException()
			.isThrownBy(() -> registry.register(ActorDefinition.of("x", function("paint", Color.class))))
			.withMessage("Actor 'x' is declared twice: on Shop.secret(String) and on Shop.paint(Color). "
					+ "Give one of them a different @Actor(name).");
	}

	@Test
	void mismatchedValueNamesTheMethodParameterAndValueType() {
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> function("add", int.class, int.class).call(List.of("many", 2), Map.of()))
			.withMessageContaining("Cannot bind args[0] to parameter 'a' (int) of actor method Shop.add(int, int)")
			.withMessageContaining("Jackson cannot convert a String to int")
			.withCauseInstanceOf(tools.jackson.core.JacksonException.class);
	}

	@Test
	void mismatchedElementOfAGenericListNamesTheFullType() {
		List<Object> more = List.of(Map.of("id", "o-2", "quantity", "lots"));
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> function("ship", Order.class, List.class, Map.class)
				.call(List.of(Map.of("id", "o-1", "quantity", 1), more, Map.of()), Map.of()))
			.withMessageContaining("Cannot bind args[1] to parameter 'more' (List<Order>)")
			.withMessageContaining("Jackson cannot convert a ");
	}

	@Test
	void mismatchedKeywordArgumentNamesTheKeyword() {
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> function("paint", Color.class).call(List.of(), Map.of("color", "PURPLE")))
			.withMessageContaining("Cannot bind kwargs['color'] to parameter 'color' (Color)");
	}

	@Test
	void nullForAPrimitiveParameterIsRejected() {
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> function("add", int.class, int.class).call(Arrays.asList(1, null), Map.of()))
			.withMessageContaining("Cannot bind args[1] to parameter 'b' (int) of actor method Shop.add(int, int)")
			.withMessageContaining("the value is null (None) but the parameter is a primitive");
	}

	@Test
	void tooManyArgumentsAreRejected() {
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> function("add", int.class, int.class).call(List.of(1, 2, 3), Map.of()))
			.withMessage(
					"Actor method Shop.add(int, int) takes 2 arguments but the message has 3 positional arguments.");
	}

	@Test
	void tooFewArgumentsAreRejected() {
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> function("add", int.class, int.class).call(List.of(1), Map.of()))
			.withMessage("Actor method Shop.add(int, int) is missing a value for parameter 'b' (int): "
					+ "the message has 1 positional argument and no keyword argument 'b'.");
	}

	@Test
	void unknownKeywordArgumentIsRejected() {
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> function("add", int.class, int.class).call(List.of(1, 2), Map.of("c", 3)))
			.withMessage("Actor method Shop.add(int, int) has no parameter named 'c' for the message's keyword "
					+ "argument. Its parameters are: a, b.");
	}

	@Test
	void argumentGivenPositionallyAndByNameIsRejected() {
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> function("add", int.class, int.class).call(List.of(1), Map.of("a", 2)))
			.withMessage("Actor method Shop.add(int, int) got parameter 'a' twice: as args[0] and as a keyword "
					+ "argument.");
	}

	@Test
	void keywordArgumentsNeedParameterNamesAndSaySo() throws Exception {
		// JDK classes are compiled without -parameters
		Method substring = String.class.getMethod("substring", int.class, int.class);
		MethodActorFunction function = new MethodActorFunction("hello", substring, mapper);
		assertThat(function.call(List.of(1, 3), Map.of())).isEqualTo("el");
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> function.call(List.of(1), Map.of("endIndex", 3)))
			.withMessageContaining("Actor method String.substring(int, int) was compiled without parameter names")
			.withMessageContaining("keyword argument 'endIndex' cannot be bound")
			.withMessageContaining("Compile with '-parameters'");
	}

	@Test
	void bindsBigDecimalsToTheDigitsOfTheMessageAndDoublesAsPythonReadsThem() throws Exception {
		// Given numbers as a decoded message holds them: Python's floats as doubles,
		// others as exact decimals
		List<Object> args = List.of(1e22, new BigDecimal("19.90"), new BigDecimal("0.10"), 7);
		// I expect each BigDecimal to have the digits that travelled, and the double the
		// float Python reads
		assertThat(function("price", BigDecimal.class, BigDecimal.class, double.class, BigDecimal.class).call(args,
				Map.of()))
			.isEqualTo(List.of(new BigDecimal("1e+22"), new BigDecimal("19.90"), 0.1, new BigDecimal("7")));
	}

	@Test
	void methodTakingAMessageReceivesItWholeWhateverItsArguments() throws Exception {
		MethodActorFunction audit = function("audit", Message.class);
		Message message = Message.create("default", "audit", List.of(1, "two"), Map.of("k", 3), Map.of("x", 4));
		assertThat(audit.isRaw()).isTrue();
		assertThat(audit.call(message)).isSameAs(message);
		audit.checkArguments(List.of(1, 2, 3), Map.of("any", 1), List.of(1, 2, 3), Map.of("any", 1));
		assertThat(((Message) audit.call(List.of(5), Map.of("k", 6))).args()).containsExactly(5);
		assertThat(function("add", int.class, int.class).isRaw()).isFalse();
	}

	@Test
	void bindsAMessageEnvelopeToAMessageParameterAsCallbacksSendIt() throws Exception {
		// Given the envelope an on_failure callback receives, as Python writes it
		Message failed = Message.fromWire("default", "count_words", List.of("foo"), Map.of(), Map.of("retries", 1),
				"6ff853a6-73d8-48ea-ac88-ff4e061adcc4", 1795499148828.5);
		@SuppressWarnings("unchecked")
		Map<String, Object> envelope = (Map<String, Object>) new ArgumentEncoder(mapper).encodeArgs(failed).get(0);
		assertThat(envelope).containsEntry("message_id", "6ff853a6-73d8-48ea-ac88-ff4e061adcc4")
			.containsEntry("message_timestamp", 1795499148828.5);
		// I expect a Message parameter to receive the same message
		Object bound = function("failed", Message.class, Map.class).call(List.of(envelope, Map.of("type", "Boom")),
				Map.of());
		assertThat(bound).isEqualTo(failed);
		assertThatExceptionOfType(ArgumentBindingException.class).isThrownBy(
				() -> function("failed", Message.class, Map.class).call(List.of(Map.of("a", 1), Map.of()), Map.of()))
			.withMessageContaining("it is not a message envelope");
	}

	@Test
	void constructorRejectsATargetOfTheWrongType() throws Exception {
		Method add = Shop.class.getDeclaredMethod("add", int.class, int.class);
		assertThatIllegalArgumentException().isThrownBy(() -> new MethodActorFunction("not a shop", add, mapper))
			.withMessageContaining("'target' must be an instance of " + Shop.class.getName())
			.withMessageContaining("Shop.add(int, int)");
	}

	private MethodActorFunction function(String name, Class<?>... parameterTypes) {
		try {
			return new MethodActorFunction(this.shop, Shop.class.getDeclaredMethod(name, parameterTypes), mapper);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record Order(String id, int quantity) {
	}

	enum Color {

		RED

	}

	static class Shop {

		final List<Order> received = new ArrayList<>();

		final IOException ioFailure = new IOException("disk full");

		int add(int a, int b) {
			return a + b;
		}

		String ship(Order order, List<Order> more, Map<String, Integer> counts) {
			this.received.add(order);
			this.received.addAll(more);
			int total = counts.values().stream().mapToInt(Integer::intValue).sum();
			return order.id() + "x" + order.quantity() + " then " + more.stream().map(Order::id).toList() + " with "
					+ Map.of("a", total);
		}

		void record(Order order) {
			this.received.add(order);
		}

		String greet(String name, Optional<String> title) {
			return title.map((value) -> value + " " + name).orElse(name);
		}

		Color paint(Color color) {
			return color;
		}

		Object echo(Object value) {
			return value;
		}

		String measure(long count, double ratio, BigInteger huge) {
			return count + "/" + ratio + "/" + huge;
		}

		List<Object> price(BigDecimal big, BigDecimal total, double ratio, BigDecimal count) {
			return List.of(big, total, ratio, count);
		}

		Message failed(Message message, Map<String, Object> failure) {
			return message;
		}

		Message audit(Message message) {
			return message;
		}

		static int twice(int value) {
			return value * 2;
		}

		private String secret(String value) {
			return "secret " + value;
		}

		void failChecked() throws IOException {
			throw this.ioFailure;
		}

		void failUnchecked() {
			throw new IllegalStateException("out of stock");
		}

		void failWithError() {
			throw new StackOverflowError();
		}

	}

}
