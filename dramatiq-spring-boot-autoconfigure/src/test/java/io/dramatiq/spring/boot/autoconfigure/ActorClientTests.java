package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.Actor;
import io.dramatiq.actor.ArgumentBindingException;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.Delivery;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.results.MessageResult;
import io.dramatiq.spring.ActorClient;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.ActorRef;
import io.dramatiq.spring.Delay;
import io.dramatiq.spring.EnableActorClients;
import io.dramatiq.spring.Kwarg;
import io.dramatiq.spring.SendOptions;
import io.dramatiq.worker.Worker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Typed actor clients in an application context with the stub broker and a running
 * worker: an {@link ActorClient @ActorClient} interface is a bean whose methods send
 * through the actors' {@link ActorProxy} objects, to local actors (run by the worker) and
 * to remote ones (registered, their queue declared but not consumed).
 */
class ActorClientTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.threads=2",
				"dramatiq.worker.worker-timeout=100ms")
		.withUserConfiguration(MailConfiguration.class);

	@Test
	void clientSendsToALocalActorWhichTheWorkerRuns() {
		this.contextRunner.run((context) -> {
			// Given a Mailer client of the local actor 'send_email'
			Mailer mailer = context.getBean(Mailer.class);
			// When I send through it and wait for the queue to drain
			Message sent = mailer.sendEmail("ada@example.com", new Email("Hello", "Hi Ada"));
			context.getBean(StubBroker.class).join("emails", TIMEOUT, true);
			// I expect the message to be the actor's, and the actor to have run with the
			// arguments bound to its parameters
			assertThat(sent.actorName()).isEqualTo("send_email");
			assertThat(sent.queueName()).isEqualTo("emails");
			assertThat(sent.args()).containsExactly("ada@example.com", Map.of("subject", "Hello", "body", "Hi Ada"));
			assertThat(context.getBean(Mail.class).sent)
				.containsExactly(List.of("ada@example.com", new Email("Hello", "Hi Ada"), Optional.empty()));
		});
	}

	@Test
	void delayParameterSendsThroughTheDelayQueue() {
		this.contextRunner.run((context) -> {
			Mailer mailer = context.getBean(Mailer.class);
			mailer.sendEmailLater("bob@example.com", new Email("Later", "..."), Duration.ofMillis(50));
			StubBroker broker = context.getBean(StubBroker.class);
			broker.join("emails", TIMEOUT, true);
			assertThat(context.getBean(Mail.class).sent).hasSize(1);
		});
	}

	@Test
	void sendOptionsParameterAndKeywordArgumentsReachTheMessage() {
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false").run((context) -> {
			Mailer mailer = context.getBean(Mailer.class);
			Message sent = mailer.sendEmailWith(SendOptions.option("max_retries", 1), "cy@example.com",
					new Email("S", "B"), "boss@example.com");
			assertThat(sent.args()).containsExactly("cy@example.com");
			assertThat(sent.kwargs()).containsEntry("email", Map.of("subject", "S", "body", "B"))
				.containsEntry("cc", "boss@example.com");
			assertThat(sent.options()).containsEntry("max_retries", 1);
			Message none = mailer.sendEmailWith(null, "cy@example.com", new Email("S", "B"), null);
			assertThat(none.options()).isEmpty();
		});
	}

	@Test
	void argumentsAreCheckedOnEachSendByTheActorsProxy() {
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues("dramatiq.results.backend=stub", "dramatiq.worker.enabled=false")
			.run((context) -> {
				// Given a client of 'add(int, int)' whose first parameter is an Integer
				Calculator calculator = context.getBean(Calculator.class);
				// When it sends a null there, I expect the actor's proxy to refuse it
				assertThatExceptionOfType(ArgumentBindingException.class).isThrownBy(() -> calculator.add(null, 2))
					.withMessageContaining("Message to actor 'add' not sent");
				assertThat(context.getBean(StubBroker.class).queueCounts("default").ready()).isZero();
			});
	}

	@Test
	void remoteActorIsRegisteredAndItsQueueIsDeclaredButNotConsumed() throws Exception {
		this.contextRunner.run((context) -> {
			// Given a Reports client of 'build_report', an actor of another service
			StubBroker broker = context.getBean(StubBroker.class);
			assertThat(broker.actors().remoteActors()).containsEntry("build_report", "reports");
			assertThat(broker.queueNames()).contains("reports", "emails");
			assertThat(context.getBean(Worker.class).consumedQueues()).contains("emails").doesNotContain("reports");
			// When I send through the client
			Message sent = context.getBean(Reports.class)
				.buildReport("r-1", "pdf", SendOptions.option("broker_priority", 3));
			// I expect the envelope Python expects on its queue, left for its service
			try (Consumer consumer = broker.consume("reports", 1, TIMEOUT)) {
				Delivery delivery = consumer.next();
				Message received = delivery.message();
				assertThat(received.messageId()).isEqualTo(sent.messageId());
				assertThat(received.queueName()).isEqualTo("reports");
				assertThat(received.actorName()).isEqualTo("build_report");
				assertThat(received.args()).containsExactly("r-1");
				assertThat(received.kwargs()).isEqualTo(Map.of("format", "pdf"));
				assertThat(received.options()).isEqualTo(Map.of("broker_priority", 3));
				consumer.ack(delivery);
			}
		});
	}

	@Test
	void delayInMillisecondsGoesToTheRemoteActorsDelayQueue() {
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false").run((context) -> {
			Message sent = context.getBean(Reports.class).buildReportLater("r-2", 60_000L);
			assertThat(sent.queueName()).isEqualTo("reports.DQ");
			assertThat(sent.options()).containsKey("eta");
			StubBroker broker = context.getBean(StubBroker.class);
			assertThat(broker.queueCounts("reports").delayed()).isEqualTo(1);
		});
	}

	@Test
	void messageResultIsTypedByTheMethodsReturnType() {
		this.contextRunner.withUserConfiguration(CalculatorConfiguration.class)
			.withPropertyValues("dramatiq.results.backend=stub")
			.run((context) -> {
				Calculator calculator = context.getBean(Calculator.class);
				MessageResult<Integer> sum = calculator.add(20, 22);
				assertThat(sum.get(TIMEOUT)).isEqualTo(42);
				MessageResult<Long> asLong = calculator.addAsLong(1, 2);
				assertThat(asLong.get(TIMEOUT)).isEqualTo(3L);
			});
	}

	@Test
	void defaultMethodsRunTheirCodeAndObjectMethodsAnswerForTheProxy() {
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false").run((context) -> {
			Mailer mailer = context.getBean(Mailer.class);
			Message sent = mailer.welcome("dee@example.com");
			assertThat(sent.args()).containsExactly("dee@example.com", Map.of("subject", "Welcome", "body", "Hi"));
			assertThat(mailer).hasToString("ActorClient[" + Mailer.class.getName() + "]");
			assertThat(mailer).isEqualTo(mailer).isNotEqualTo(context.getBean(Reports.class));
			assertThat(mailer.hashCode()).isEqualTo(System.identityHashCode(mailer));
		});
	}

	@Test
	void eachInterfaceIsOneBeanNamedAfterIt() {
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(Mailer.class).hasSingleBean(Reports.class);
			assertThat(context.getBean("actorClientTests.Mailer")).isSameAs(context.getBean(Mailer.class));
		});
	}

	record Email(String subject, String body) {
	}

	@ActorClient(queue = "emails")
	interface Mailer {

		@ActorRef(name = "send_email")
		Message sendEmail(String to, Email email);

		@ActorRef(name = "send_email")
		void sendEmailLater(String to, Email email, @Delay Duration delay);

		@ActorRef(name = "send_email")
		Message sendEmailWith(SendOptions options, String to, @Kwarg("email") Email email, @Kwarg String cc);

		default Message welcome(String to) {
			return sendEmail(to, new Email("Welcome", "Hi"));
		}

	}

	@ActorClient
	interface Calculator {

		MessageResult<Integer> add(Integer a, int b);

		@ActorRef(name = "add")
		MessageResult<Long> addAsLong(int a, int b);

	}

	@ActorClient
	interface Reports {

		@ActorRef(name = "build_report", queue = "reports")
		Message buildReport(String id, @Kwarg("format") String format, SendOptions options);

		@ActorRef(name = "build_report")
		Message buildReportLater(String id, @Delay long delay);

	}

	public static class Mail {

		final List<List<Object>> sent = new CopyOnWriteArrayList<>();

		@Actor(name = "send_email", queueName = "emails")
		public void sendEmail(String to, Email email, Optional<String> cc) {
			this.sent.add(List.of(to, email, cc));
		}

	}

	public static class Calculations {

		@Actor(storeResults = true)
		public int add(int a, int b) {
			return a + b;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableActorClients(clients = { Mailer.class, Reports.class })
	static class MailConfiguration {

		@Bean
		Mail mail() {
			return new Mail();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableActorClients(clients = Calculator.class)
	static class CalculatorConfiguration {

		@Bean
		Calculations calculations() {
			return new Calculations();
		}

	}

}
