package io.dramatiq.middleware;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.dramatiq.message.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ShutdownNotifications: on worker shutdown, notified actors are interrupted with
 * {@code Shutdown} and retried; the others finish (spec §8.4, C61).
 */
class ShutdownNotificationsTests extends AbstractMiddlewareTests {

	private final Recorder recorder = new Recorder();

	private final CountDownLatch bothStarted = new CountDownLatch(2);

	private final CountDownLatch releasePlain = new CountDownLatch(1);

	private final CountDownLatch releaseNotified = new CountDownLatch(1);

	private final AtomicBoolean notifiedInterrupted = new AtomicBoolean();

	private final AtomicBoolean plainCompleted = new AtomicBoolean();

	ShutdownNotificationsTests() {
		this.broker.addMiddleware(this.recorder);
		this.broker.addMiddleware(new ShutdownNotifications());
		this.broker.addMiddleware(new Retries());
	}

	private void declareActors(Map<String, ?> notifiedOptions) {
		declare("notified", notifiedOptions, (args, kwargs) -> {
			this.bothStarted.countDown();
			try {
				this.releaseNotified.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				this.notifiedInterrupted.set(true);
				throw ex;
			}
			return null;
		});
		declare("plain", Map.of(), (args, kwargs) -> {
			this.bothStarted.countDown();
			this.releasePlain.await(20, TimeUnit.SECONDS);
			this.plainCompleted.set(true);
			return null;
		});
	}

	@Test
	void notifiedActorIsInterruptedOnShutdownAndRetriedWhileOthersFinish() throws Exception {
		// Given a notified actor and a plain one, both running
		declareActors(Map.of("notify_shutdown", true));
		startWorker(2);
		Message notified = send("notified", List.of(), Map.of());
		send("plain", List.of(), Map.of());
		assertThat(this.bothStarted.await(20, TimeUnit.SECONDS)).isTrue();
		// When the worker shuts down
		Thread stopper = new Thread(() -> this.worker.stop(Duration.ofSeconds(20)));
		stopper.start();
		// I expect the notified actor to be interrupted with Shutdown
		await().atMost(WAIT).untilTrue(this.notifiedInterrupted);
		assertThat(this.plainCompleted).isFalse();
		this.releasePlain.countDown();
		stopper.join(30_000);
		assertThat(this.recorder.processedFor("notified")).singleElement()
			.satisfies((processed) -> assertThat(processed.exception()).isInstanceOf(ShutdownException.class)
				.hasCauseInstanceOf(InterruptedException.class));
		// and its message re-enqueued by Retries, not dead-lettered
		assertThat(this.recorder.retried()).singleElement().satisfies((copy) -> {
			assertThat(copy.messageId()).isEqualTo(notified.messageId());
			assertThat(copy.option("retries")).isEqualTo(1);
		});
		assertThat(this.broker.queueCounts(QUEUE).delayed()).isEqualTo(1);
		assertThat(this.broker.deadLetters()).isEmpty();
		// and the plain actor to have completed normally
		assertThat(this.plainCompleted).isTrue();
		assertThat(this.recorder.processedFor("plain")).singleElement()
			.satisfies((processed) -> assertThat(processed.exception()).isNull());
		this.broker.flushAll();
	}

	@Test
	void messageOptionOverridesTheActors() throws Exception {
		// Given an actor that asks to be notified, and a message that says no
		declareActors(Map.of("notify_shutdown", true));
		startWorker(2);
		send("notified", List.of(), Map.of("notify_shutdown", false));
		send("plain", List.of(), Map.of());
		assertThat(this.bothStarted.await(20, TimeUnit.SECONDS)).isTrue();
		// When the worker shuts down with a short timeout
		this.releasePlain.countDown();
		this.worker.stop(Duration.ofMillis(300));
		// I expect no interruption
		assertThat(this.notifiedInterrupted).isFalse();
		assertThat(this.recorder.processedFor("notified")).isEmpty();
		this.releaseNotified.countDown();
	}

	@Test
	void defaultIsThatOfPythonDramatiq() {
		assertThat(new ShutdownNotifications().notifyShutdown()).isFalse();
		assertThat(new ShutdownNotifications().actorOptions()).containsExactly("notify_shutdown");
	}

}
