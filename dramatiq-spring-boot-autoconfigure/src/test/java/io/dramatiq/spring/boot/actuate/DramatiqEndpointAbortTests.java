package io.dramatiq.spring.boot.actuate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.CurrentMessage;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.SendOptions;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.AbortDescriptor;
import io.dramatiq.spring.boot.autoconfigure.DramatiqAutoConfiguration;
import io.dramatiq.spring.boot.autoconfigure.DramatiqEndpointAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Aborting messages through the {@code dramatiq} endpoint with a running worker on the
 * stub broker: {@code POST /actuator/dramatiq {"abort": "<id>"}}.
 */
class DramatiqEndpointAbortTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DramatiqAutoConfiguration.class, DramatiqEndpointAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.threads=2",
				"dramatiq.worker.worker-timeout=20ms", "management.endpoints.web.exposure.include=dramatiq",
				"dramatiq.abort.enabled=true", "dramatiq.abort.poll-interval=100ms")
		.withUserConfiguration(ReportsConfiguration.class);

	@Test
	void runningMessageAbortedThroughTheEndpointIsInterruptedAndNotRetried() {
		this.contextRunner.run((context) -> {
			// Given a report that runs until it is stopped
			Reports reports = context.getBean(Reports.class);
			Message running = context.getBean("long_report", ActorProxy.class).send("q3");
			assertThat(reports.started.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			// When it is aborted through the endpoint
			AbortDescriptor sent = body(context.getBean(DramatiqEndpoint.class).abort(running.messageId(), null));
			// I expect the request to be an abort
			assertThat(sent).isEqualTo(new AbortDescriptor(running.messageId(), "abort"));
			// and the actor to be interrupted, and its message to be gone without a retry
			StubBroker broker = context.getBean(StubBroker.class);
			await().atMost(TIMEOUT).until(() -> reports.interrupted.contains(running.messageId()));
			broker.join("default", TIMEOUT);
			assertThat(broker.deadLetters()).isEmpty();
			assertThat(reports.runs).containsExactly(running.messageId());
		});
	}

	@Test
	void queuedMessageCancelledThroughTheEndpointNeverRuns() {
		this.contextRunner.run((context) -> {
			// Given a report due in a second and another one due now
			ActorProxy quick = context.getBean("quick_report", ActorProxy.class);
			Message delayed = quick.sendWithOptions(SendOptions.delay(Duration.ofSeconds(1)), "later");
			// When the delayed one is cancelled through the endpoint
			AbortDescriptor sent = body(context.getBean(DramatiqEndpoint.class).abort(delayed.messageId(), "cancel"));
			assertThat(sent.mode()).isEqualTo("cancel");
			Message now = quick.send("now");
			// I expect only the other one to run, and nothing to be dead-lettered
			StubBroker broker = context.getBean(StubBroker.class);
			broker.join("default", TIMEOUT);
			assertThat(context.getBean(Reports.class).runs).containsExactly(now.messageId());
			assertThat(broker.deadLetters()).isEmpty();
		});
	}

	@Test
	void unknownModeIsABadRequest() {
		this.contextRunner.run((context) -> {
			WebEndpointResponse<Object> response = context.getBean(DramatiqEndpoint.class).abort("m1", "kill");
			assertThat(response.getStatus()).isEqualTo(400);
			assertThat(response.getBody()).asString().contains("Unknown mode 'kill'");
		});
	}

	@Test
	void abortingWhenItIsOffIsNotFoundAndSaysHowToTurnItOn() {
		this.contextRunner.withPropertyValues("dramatiq.abort.enabled=false").run((context) -> {
			WebEndpointResponse<Object> response = context.getBean(DramatiqEndpoint.class).abort("m1", null);
			assertThat(response.getStatus()).isEqualTo(404);
			assertThat(response.getBody()).asString().contains("dramatiq.abort.enabled=true");
		});
	}

	@SuppressWarnings("unchecked")
	private static <T> T body(WebEndpointResponse<Object> response) {
		assertThat(response.getStatus()).isEqualTo(200);
		return (T) response.getBody();
	}

	public static class Reports {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch never = new CountDownLatch(1);

		final List<String> runs = new CopyOnWriteArrayList<>();

		final List<String> interrupted = new CopyOnWriteArrayList<>();

		@Actor(name = "long_report")
		public void longReport(String quarter) throws InterruptedException {
			String messageId = CurrentMessage.get().orElseThrow().messageId();
			this.runs.add(messageId);
			this.started.countDown();
			try {
				this.never.await(1, TimeUnit.MINUTES);
			}
			catch (InterruptedException ex) {
				this.interrupted.add(messageId);
				throw ex;
			}
		}

		@Actor(name = "quick_report")
		public void quickReport(String when) {
			this.runs.add(CurrentMessage.get().orElseThrow().messageId());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReportsConfiguration {

		@Bean
		Reports reports() {
			return new Reports();
		}

	}

}
