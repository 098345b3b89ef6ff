package io.dramatiq.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ArgumentBindingException;
import io.dramatiq.actor.ArgumentEncoder;
import io.dramatiq.actor.MethodActorFunction;
import io.dramatiq.broker.AbstractBroker;
import io.dramatiq.broker.Consumer;
import io.dramatiq.message.EncodeException;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link ActorProxy}: messages carry the actor, its queue and JSON values, and
 * sending hands them to the broker.
 */
class ActorProxyTests {

	private final RecordingBroker broker = new RecordingBroker();

	private final ActorProxy countWords = new ActorProxy("count_words", "default", this.broker,
			new ArgumentEncoder(JsonMapper.builder().build()));

	@Test
	void messageCarriesTheActorItsQueueAndArgumentsAsJsonValues() {
		Message message = this.countWords.message("https://example.com", 3, List.of(new Page("a", 1)));
		assertThat(message.queueName()).isEqualTo("default");
		assertThat(message.actorName()).isEqualTo("count_words");
		assertThat(message.args()).containsExactly("https://example.com", 3, List.of(Map.of("url", "a", "words", 1)));
		assertThat(message.kwargs()).isEmpty();
		assertThat(message.options()).isEmpty();
		assertThat(message.messageId()).hasSize(36);
		assertThat(this.broker.enqueued).isEmpty();
	}

	@Test
	void loneNullIsOneNullArgument() {
		assertThat(this.countWords.message((Object) null).args()).containsExactly((Object) null);
		assertThat(this.countWords.message(null, null).args()).containsExactly(null, null);
		assertThat(this.countWords.message().args()).isEmpty();
	}

	@Test
	void sendEnqueuesAtOnce() {
		Message sent = this.countWords.send("https://example.com");
		assertThat(this.broker.enqueued).containsExactly(sent);
		assertThat(sent.queueName()).isEqualTo("default");
		assertThat(sent.options()).doesNotContainKey("eta");
	}

	@Test
	void sendWithDelayGoesThroughTheDelayQueue() {
		long before = System.currentTimeMillis();
		Message sent = this.countWords.sendWithOptions(SendOptions.delay(Duration.ofSeconds(10)),
				"https://example.com");
		assertThat(sent.queueName()).isEqualTo("default.DQ");
		assertThat((long) sent.option("eta")).isGreaterThanOrEqualTo(before + 10_000);
		assertThat(sent.options()).doesNotContainKey("delay");
	}

	@Test
	void sendWithOptionsWritesRawOptionsAndKeywordArguments() {
		Map<String, Object> kwargs = new LinkedHashMap<>();
		kwargs.put("url", "https://example.com");
		kwargs.put("page", new Page("b", 2));
		ActorProxy callback = new ActorProxy("print_result", "default", this.broker,
				new ArgumentEncoder(JsonMapper.builder().build()));
		Message sent = this.countWords.sendWithOptions(List.of(), kwargs,
				SendOptions.option("max_retries", 0).withOption("on_success", callback));
		assertThat(sent.args()).isEmpty();
		assertThat(sent.kwargs()).containsExactly(entry("url", "https://example.com"),
				entry("page", Map.of("url", "b", "words", 2)));
		assertThat(sent.options()).containsExactly(entry("max_retries", 0), entry("on_success", "print_result"));
	}

	@Test
	void messageWithOptionsKeepsTheDelayAsAnOptionAsPythonDoes() {
		Message message = this.countWords.messageWithOptions(SendOptions.delay(Duration.ofMillis(1500)), "x");
		assertThat(message.queueName()).isEqualTo("default");
		assertThat(message.options()).containsOnlyKeys("delay");
		assertThat(((Number) message.option("delay")).longValue()).isEqualTo(1500);
	}

	@Test
	void sendWhenAnArgumentHasNoJsonFormFailsNamingTheActorAndArgument() {
		assertThatExceptionOfType(EncodeException.class)
			.isThrownBy(() -> this.countWords.send("https://example.com", Thread.currentThread()))
			.withMessageStartingWith("Message to actor 'count_words' not sent. Cannot send args[1] of type "
					+ "java.lang.Thread in a message");
		assertThatExceptionOfType(EncodeException.class)
			.isThrownBy(() -> this.countWords.sendWithOptions(SendOptions.option("max_retries", new Loop())))
			.withMessageStartingWith("Message to actor 'count_words' not sent. Cannot send option 'max_retries'");
		assertThat(this.broker.enqueued).isEmpty();
	}

	@Test
	void brokerIsLookedUpOnFirstSendOnly() {
		List<String> lookups = new ArrayList<>();
		ActorProxy lazy = new ActorProxy("count_words", "default", () -> {
			lookups.add("broker");
			return this.broker;
		}, () -> new ArgumentEncoder(JsonMapper.builder().build()));
		assertThat(lookups).isEmpty();
		lazy.send("a");
		lazy.send("b");
		assertThat(lookups).containsExactly("broker");
		assertThat(lazy).hasToString("ActorProxy[count_words on queue 'default']");
	}

	@Test
	void sendToALocalActorChecksTheArgumentsInTheCallerNamingTheParameter() throws Exception {
		// Given a local actor taking a record and a count, the second one optional
		ActorProxy tally = localActor("tally", "tally", Page.class, int.class, Optional.class);
		// When I send it too few, too many, or mistyped arguments, I expect the send to
		// fail at once naming the parameter, and nothing enqueued
		assertThatExceptionOfType(ArgumentBindingException.class).isThrownBy(() -> tally.send(new Page("a", 1)))
			.withMessageStartingWith("Message to actor 'tally' not sent. ")
			.withMessageContaining("missing a value for parameter 'times' (int)");
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> tally.send(new Page("a", 1), 2, Optional.empty(), "extra"))
			.withMessageContaining("takes 3 arguments but the message has 4");
		assertThatExceptionOfType(ArgumentBindingException.class).isThrownBy(() -> tally.send("only-a-url", 2))
			.withMessageContaining("Cannot bind args[0] to parameter 'page' (Page)");
		assertThatExceptionOfType(ArgumentBindingException.class).isThrownBy(() -> tally.send(new Page("a", 1), "two"))
			.withMessageContaining("Cannot bind args[1] to parameter 'times' (int)");
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> tally.sendWithOptions(List.of(new Page("a", 1)), Map.of("times", 2, "tiems", 3),
					SendOptions.none()))
			.withMessageContaining("has no parameter named 'tiems'");
		assertThatExceptionOfType(ArgumentBindingException.class).isThrownBy(() -> tally.message())
			.withMessageContaining("missing a value for parameter 'times' (int)");
		assertThat(this.broker.enqueued).isEmpty();
		// and arguments that bind, by position, by name or by coercion, to be sent
		tally.send(new Page("a", 1), 2);
		tally.send(Map.of("url", "b", "words", 3), 2L, Optional.of("x"));
		tally.sendWithOptions(List.of(), Map.of("page", new Page("c", 2), "times", 1), SendOptions.none());
		tally.send(null, 3);
		assertThat(this.broker.enqueued).hasSize(4);
	}

	@Test
	void builtMessageMayLackItsLastArgumentWhichAPipelinePasses() throws Exception {
		// Given a local actor taking a record and a count
		ActorProxy tally = localActor("tally", "tally", Page.class, int.class, Optional.class);
		// When I build a message without the count, as a pipeline step gets it from the
		// previous step, I expect it built
		assertThat(tally.message(new Page("a", 1)).args()).hasSize(1);
		// but not with pipe_ignore, where no result is passed, nor with two missing
		assertThatExceptionOfType(ArgumentBindingException.class)
			.isThrownBy(() -> tally.messageWithOptions(SendOptions.option("pipe_ignore", true), new Page("a", 1)))
			.withMessageContaining("missing a value for parameter 'times' (int)");
		assertThatExceptionOfType(ArgumentBindingException.class).isThrownBy(() -> tally.message());
	}

	@Test
	void sendToAnActorThatIsNotLocalIsNotChecked() {
		assertThat(this.countWords.send(1, 2, 3).args()).containsExactly(1, 2, 3);
	}

	private ActorProxy localActor(String actorName, String methodName, Class<?>... parameterTypes) throws Exception {
		JsonMapper mapper = JsonMapper.builder().build();
		this.broker.declareActor(new ActorDefinition(actorName, "default", 0, Map.of(),
				new MethodActorFunction(new Counter(), Counter.class.getMethod(methodName, parameterTypes), mapper)));
		return new ActorProxy(actorName, "default", this.broker, new ArgumentEncoder(mapper));
	}

	/**
	 * The bean of the local actors.
	 */
	public static class Counter {

		public void tally(Page page, int times, Optional<String> note) {
		}

	}

	record Page(String url, int words) {
	}

	/**
	 * Refers to itself, so it has no JSON form.
	 */
	public static class Loop {

		public Loop getSelf() {
			return this;
		}

	}

	/**
	 * Keeps enqueued messages in a list; nothing consumes them.
	 */
	static class RecordingBroker extends AbstractBroker {

		final List<Message> enqueued = new ArrayList<>();

		RecordingBroker() {
			super(mock(MessageEncoder.class));
		}

		@Override
		public String type() {
			return "recording";
		}

		@Override
		protected void doDeclareQueue(String queueName) {
		}

		@Override
		protected Message doEnqueue(Message message) {
			this.enqueued.add(message);
			return message;
		}

		@Override
		public Consumer consume(String queueName, int prefetch, Duration timeout) {
			throw new UnsupportedOperationException();
		}

		@Override
		public QueueCounts queueCounts(String queueName) {
			return new QueueCounts(this.enqueued.size(), 0, 0);
		}

		@Override
		public void flush(String queueName) {
		}

		@Override
		public void flushAll() {
		}

		@Override
		public void close() {
		}

	}

}
