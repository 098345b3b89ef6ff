package io.dramatiq.spring.boot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.CurrentMessage;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.SendOptions;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.ActorDescriptor;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.DeadLettersDescriptor;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.DramatiqDescriptor;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.OptionDescriptor;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.PurgedDescriptor;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.QueueDescriptor;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.RequeuedDescriptor;
import io.dramatiq.spring.boot.autoconfigure.DramatiqAutoConfiguration;
import io.dramatiq.spring.boot.autoconfigure.DramatiqEndpointAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DramatiqEndpoint} and {@link DramatiqEndpointAutoConfiguration} on the
 * stub broker.
 */
class DramatiqEndpointTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DramatiqAutoConfiguration.class, DramatiqEndpointAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.worker-timeout=20ms",
				"management.endpoints.web.exposure.include=dramatiq", "dramatiq.actors.[send_email].max-retries=3",
				"dramatiq.actors.defaults.time-limit=1m")
		.withUserConfiguration(MailerConfiguration.class);

	@Test
	void overviewListsActorsWithTheirOptionsAndWhereEachCameFromAndQueueCounts() {
		// no worker, so that the delayed message stays in the delay queue
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false").run((context) -> {
			context.getBean(StubBroker.class).enqueue(message("send_email", "emails"), Duration.ofMinutes(5));
			DramatiqDescriptor overview = context.getBean(DramatiqEndpoint.class).dramatiq();
			assertThat(overview.broker()).isEqualTo("stub");
			assertThat(overview.actors()).extracting(ActorDescriptor::name).containsExactly("fail_once", "send_email");
			ActorDescriptor sendEmail = overview.actors().get(1);
			assertThat(sendEmail.queue()).isEqualTo("emails");
			assertThat(sendEmail.priority()).isEqualTo(10);
			assertThat(sendEmail.options())
				.containsEntry("max_retries",
						new OptionDescriptor(3, "property 'dramatiq.actors.[send_email].max-retries'"))
				.containsEntry("time_limit",
						new OptionDescriptor(60000L, "property 'dramatiq.actors.defaults.time-limit'"))
				.containsEntry("min_backoff", new OptionDescriptor(15000L, "the built-in default"));
			assertThat(overview.queues()).containsExactly(new QueueDescriptor("default", 0, 0, 0),
					new QueueDescriptor("emails", 0, 1, 0));
		});
	}

	@Test
	void deadLetteredMessageIsListedThenRequeuedWithItsIdAndRuns() {
		this.contextRunner.run((context) -> {
			// Given a message that failed and was dead-lettered
			Message sent = deadLetterOne(context);
			DramatiqEndpoint endpoint = context.getBean(DramatiqEndpoint.class);
			// When I list the dead letters of its queue
			DeadLettersDescriptor page = body(endpoint.deadLetters("default", null, null, SecurityContext.NONE));
			// I expect it there, with its options, and its arguments hidden
			assertThat(page.total()).isOne();
			assertThat(page.messages()).singleElement().satisfies((message) -> {
				assertThat(message).containsEntry("message_id", sent.messageId())
					.containsEntry("actor_name", "fail_once")
					.containsEntry("args", "******")
					.containsEntry("kwargs", "******");
				assertThat(message.get("options")).isEqualTo(Map.of("max_retries", 0));
			});
			// and when I requeue it, it runs, with the same id and its retries reset
			Mailer mailer = context.getBean(Mailer.class);
			mailer.failing.set(false);
			RequeuedDescriptor requeued = body(endpoint.requeue("default", sent.messageId(), null));
			assertThat(requeued.requeued()).isOne();
			context.getBean(StubBroker.class).join("default", TIMEOUT);
			assertThat(mailer.runs).containsExactly(sent.messageId(), sent.messageId());
			assertThat(context.getBean(StubBroker.class).deadLetters("default")).isEmpty();
			assertThat(endpoint.dramatiq().queues()).contains(new QueueDescriptor("default", 0, 0, 0));
		});
	}

	@Test
	void deadLetterOfAnotherProducerIsListedAsItWasWrittenWithTheReason() {
		this.contextRunner.withPropertyValues("management.endpoint.dramatiq.show-values=always").run((context) -> {
			// Given a message another producer wrote with a numeric id, an ISO-8601
			// timestamp and no argument for the actor's one parameter
			StubBroker broker = context.getBean(StubBroker.class);
			broker.enqueueRaw("default",
					("{\"queue_name\":\"default\",\"actor_name\":\"fail_once\",\"args\":[],"
							+ "\"kwargs\":{},\"options\":{},\"message_id\":42,"
							+ "\"message_timestamp\":\"2026-08-13T10:00:00Z\"}")
						.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			await().atMost(TIMEOUT).until(() -> broker.deadLetters("default").size() == 1);
			// When I list the dead letters
			DramatiqEndpoint endpoint = context.getBean(DramatiqEndpoint.class);
			DeadLettersDescriptor page = body(endpoint.deadLetters("default", null, null, SecurityContext.NONE));
			// I expect it as written, after one attempt, with the reason it cannot run
			assertThat(context.getBean(Mailer.class).runs).isEmpty();
			assertThat(page.messages()).singleElement().satisfies((message) -> {
				assertThat(message).containsEntry("message_id", 42)
					.containsEntry("message_timestamp", "2026-08-13T10:00:00Z");
				assertThat(message.get("options")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
					.extractingByKey("traceback")
					.asString()
					.contains("missing a value for parameter 'address' (String)");
			});
			// and requeued by the id's text
			assertThat(this.<RequeuedDescriptor>body(endpoint.requeue("default", "42", null)).requeued()).isOne();
		});
	}

	@Test
	void requeueAllAndPurgeEmptyTheDeadLetterQueue() {
		this.contextRunner.run((context) -> {
			DramatiqEndpoint endpoint = context.getBean(DramatiqEndpoint.class);
			deadLetterOne(context);
			deadLetterOne(context);
			assertThat(this.<DeadLettersDescriptor>body(endpoint.deadLetters("default", 1, 5, SecurityContext.NONE))
				.messages()).hasSize(1);
			// requeued, they fail again and come back
			assertThat(this.<RequeuedDescriptor>body(endpoint.requeue("default", null, true)).requeued()).isEqualTo(2);
			context.getBean(StubBroker.class).join("default", TIMEOUT, false);
			assertThat(context.getBean(StubBroker.class).deadLetters("default")).hasSize(2);
			assertThat(this.<PurgedDescriptor>body(endpoint.purge("default")).purged()).isEqualTo(2);
			assertThat(context.getBean(StubBroker.class).deadLetters("default")).isEmpty();
		});
	}

	@Test
	void unknownQueuesAndMessagesAndBadRequestsAreReported() {
		this.contextRunner.run((context) -> {
			DramatiqEndpoint endpoint = context.getBean(DramatiqEndpoint.class);
			assertThat(endpoint.deadLetters("nope", null, null, SecurityContext.NONE).getStatus()).isEqualTo(404);
			assertThat(endpoint.requeue("default", "no-such-id", null).getStatus()).isEqualTo(404);
			assertThat(endpoint.requeue("default", null, null).getStatus()).isEqualTo(400);
			assertThat(endpoint.deadLetters("default", -1, null, SecurityContext.NONE).getStatus()).isEqualTo(400);
		});
	}

	@Test
	void endpointIsAbsentUnlessExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(DramatiqEndpoint.class));
	}

	private Message deadLetterOne(AssertableApplicationContext context) {
		StubBroker broker = context.getBean(StubBroker.class);
		int dead = broker.deadLetters("default").size();
		Message sent = context.getBean("fail_once", ActorProxy.class)
			.sendWithOptions(SendOptions.option("max_retries", 0), "ada@example.com");
		await().atMost(TIMEOUT).until(() -> broker.deadLetters("default").size() == dead + 1);
		return sent;
	}

	@SuppressWarnings("unchecked")
	private <T> T body(WebEndpointResponse<Object> response) {
		assertThat(response.getStatus()).isEqualTo(200);
		return (T) response.getBody();
	}

	private static Message message(String actor, String queue) {
		return Message.create(queue, actor, List.of("x"), Map.of(), Map.of());
	}

	public static class Mailer {

		final AtomicBoolean failing = new AtomicBoolean(true);

		final List<String> runs = new CopyOnWriteArrayList<>();

		@Actor(name = "fail_once")
		public void failOnce(String address) {
			this.runs.add(CurrentMessage.get().orElseThrow().messageId());
			if (this.failing.get()) {
				throw new IllegalStateException("mail server down");
			}
		}

		@Actor(name = "send_email", queueName = "emails", priority = 10)
		public void sendEmail(String address) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MailerConfiguration {

		@Bean
		Mailer mailer() {
			return new Mailer();
		}

	}

}
