package io.dramatiq.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.Actor;
import io.dramatiq.actor.ArgumentBindingException;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.SendOptions;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

/**
 * Raw actors in an application context: an {@code @Actor} method whose only parameter is
 * a {@link Message} receives every message as it is, whatever its arguments, as a Python
 * actor taking {@code *args, **kwargs} does; typed actors have their arguments checked
 * when a message is sent.
 */
class RawActorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.threads=2",
				"dramatiq.worker.worker-timeout=100ms", "dramatiq.actors.defaults.max-retries=0")
		.withUserConfiguration(AuditConfiguration.class);

	@Test
	void rawActorReceivesWhateverJavaSends() {
		this.contextRunner.run((context) -> {
			// Given a running application with a raw actor
			Audit audit = context.getBean(Audit.class);
			ActorProxy proxy = context.getBean("audit", ActorProxy.class);
			// When I send it any arguments, positional and by name
			Message sent = proxy.sendWithOptions(List.of(1, "two", new Entry("x", 3)), Map.of("flag", true),
					SendOptions.option("x_custom", "kept"));
			proxy.send();
			context.getBean(StubBroker.class).join("default", TIMEOUT, true);
			// I expect it to see each message whole: arguments as JSON values, id and
			// options
			assertThat(audit.received).hasSize(2);
			Message first = audit.received.stream()
				.filter((message) -> message.messageId().equals(sent.messageId()))
				.findFirst()
				.orElseThrow();
			assertThat(first.args()).containsExactly(1, "two", Map.of("name", "x", "count", 3));
			assertThat(first.kwargs()).containsExactly(entry("flag", true));
			assertThat(first.options()).containsEntry("x_custom", "kept");
			assertThat(audit.received).anySatisfy((message) -> assertThat(message.args()).isEmpty());
		});
	}

	@Test
	void rawActorReceivesWhatAPythonProducerSends() {
		this.contextRunner.run((context) -> {
			Audit audit = context.getBean(Audit.class);
			StubBroker broker = context.getBean(StubBroker.class);
			// Given a body as Python writes it, with values Java has no record for
			broker.enqueueRaw("default", ("{\"queue_name\":\"default\",\"actor_name\":\"audit\",\"args\":[1.5,"
					+ "[null,true],{\"k\":\"\\u00e9\"}],\"kwargs\":{\"when\":1e+16,\"n\":1180591620717411303424},"
					+ "\"options\":{\"redis_message_id\":\"r\"},\"message_id\":\"6ff853a6-73d8-48ea-ac88-ff4e061adcc4\","
					+ "\"message_timestamp\":1795499148828.0}")
				.getBytes(StandardCharsets.UTF_8));
			broker.join("default", TIMEOUT, true);
			// I expect the actor to get every value as Python meant it
			assertThat(audit.received).singleElement().satisfies((message) -> {
				assertThat(message.args()).containsExactly(1.5, java.util.Arrays.asList(null, true), Map.of("k", "é"));
				assertThat(message.kwargs()).containsExactly(entry("when", 1e16),
						entry("n", new java.math.BigInteger("1180591620717411303424")));
				assertThat(message.messageId()).isEqualTo("6ff853a6-73d8-48ea-ac88-ff4e061adcc4");
				assertThat(message.messageTimestamp()).isEqualTo(1795499148828L);
			});
		});
	}

	@Test
	void sendToATypedActorWithArgumentsThatCannotBindFailsInTheCaller() {
		this.contextRunner.run((context) -> {
			ActorProxy count = context.getBean("count", ActorProxy.class);
			assertThatExceptionOfType(ArgumentBindingException.class).isThrownBy(() -> count.send("only-one"))
				.withMessageContaining("Message to actor 'count' not sent.")
				.withMessageContaining("missing a value for parameter 'times' (int)");
			assertThatExceptionOfType(ArgumentBindingException.class).isThrownBy(() -> count.send(new Entry("x", 1), 2))
				.withMessageContaining("Cannot bind args[0] to parameter 'word' (String)");
			assertThat(context.getBean(StubBroker.class).queueCounts("default").ready()).isZero();
		});
	}

	public record Entry(String name, int count) {
	}

	public static class Audit {

		final List<Message> received = new CopyOnWriteArrayList<>();

		@Actor
		public void audit(Message message) {
			this.received.add(message);
		}

		@Actor
		public void count(String word, int times) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AuditConfiguration {

		@Bean
		Audit auditor() {
			return new Audit();
		}

	}

}
