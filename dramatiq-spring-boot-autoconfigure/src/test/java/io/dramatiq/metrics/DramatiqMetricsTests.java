package io.dramatiq.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Delivery;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.SkipMessageException;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The metrics as a Prometheus scrape shows them after a worker ran real messages (spec
 * §8.11): Python Dramatiq's names and labels, without its double counting.
 */
class DramatiqMetricsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final StubBroker broker = new StubBroker();

	private Worker worker;

	@AfterEach
	void stopWorker() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void scrapeShowsPythonDramatiqNamesLabelsAndCounts() {
		// Given the metrics, a middleware that retries a failure once, and actors that
		// succeed, always fail, and fail only the first time
		this.broker.addMiddleware(new DramatiqMetrics(this.registry));
		this.broker.addMiddleware(new RetryOnce());
		declare("ok", "default", (args, kwargs) -> null);
		declare("boom", "default", (args, kwargs) -> {
			throw new IllegalStateException("boom");
		});
		AtomicInteger flakyRuns = new AtomicInteger();
		declare("flaky", "default", (args, kwargs) -> {
			if (flakyRuns.getAndIncrement() == 0) {
				throw new IllegalStateException("first time");
			}
			return "ok";
		});
		declare("idle", "other", (args, kwargs) -> null);
		// and a queue no worker consumes, with two ready messages and a delayed one
		this.broker.enqueue(message("other", "idle"));
		this.broker.enqueue(message("other", "idle"));
		this.broker.enqueue(message("other", "idle"), Duration.ofMinutes(10));

		// When a worker runs two "ok", one "boom" and one "flaky" message
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults()
					.withThreads(2)
					.withWorkerTimeout(Duration.ofMillis(100))
					.withQueues(Set.of("default")));
		this.worker.start();
		this.broker.enqueue(message("default", "ok"));
		this.broker.enqueue(message("default", "ok"));
		this.broker.enqueue(message("default", "boom"));
		this.broker.enqueue(message("default", "flaky"));
		this.broker.join("default", WAIT, false);
		this.worker.join(WAIT);

		// I expect Python's names and labels, each retry counted once, "boom" rejected
		// after its retry, and the in-progress gauges back at zero (the held delivery's
		// ack hook may still be running on the consumer thread, hence the wait)
		await().atMost(WAIT)
			.untilAsserted(() -> assertThat(scrape()).contains(
					"dramatiq_delayed_messages_inprogress{actor_name=\"boom\",queue_name=\"default\"} 0.0",
					"dramatiq_delayed_messages_inprogress{actor_name=\"flaky\",queue_name=\"default\"} 0.0"));
		String scrape = scrape();
		assertThat(scrape).contains(sample("dramatiq_messages_total", "ok", 2),
				sample("dramatiq_messages_total", "boom", 2), sample("dramatiq_messages_total", "flaky", 2),
				sample("dramatiq_messages_total", "idle", "other", 0), sample("dramatiq_message_errors_total", "ok", 0),
				sample("dramatiq_message_errors_total", "boom", 2), sample("dramatiq_message_errors_total", "flaky", 1),
				sample("dramatiq_message_retries_total", "ok", 0), sample("dramatiq_message_retries_total", "boom", 1),
				sample("dramatiq_message_retries_total", "flaky", 1), sample("dramatiq_message_rejects_total", "ok", 0),
				sample("dramatiq_message_rejects_total", "boom", 1),
				sample("dramatiq_message_rejects_total", "flaky", 0), sample("dramatiq_messages_inprogress", "ok", 0),
				sample("dramatiq_messages_inprogress", "boom", 0), sample("dramatiq_messages_inprogress", "flaky", 0),
				sample("dramatiq_delayed_messages_inprogress", "ok", 0),
				sample("dramatiq_message_duration_milliseconds_count", "ok", 2),
				sample("dramatiq_message_duration_milliseconds_count", "boom", 2),
				sample("dramatiq_message_duration_milliseconds_count", "flaky", 2),
				"dramatiq_message_duration_milliseconds_bucket{actor_name=\"ok\",queue_name=\"default\",le=\"900000.0\"} 2",
				"dramatiq_message_duration_milliseconds_bucket{actor_name=\"ok\",queue_name=\"default\",le=\"+Inf\"} 2",
				"dramatiq_queue_ready_messages{queue_name=\"default\"} 0.0",
				"dramatiq_queue_delayed_messages{queue_name=\"default\"} 0.0",
				"dramatiq_queue_dead_messages{queue_name=\"default\"} 1.0",
				"dramatiq_queue_ready_messages{queue_name=\"other\"} 2.0",
				"dramatiq_queue_delayed_messages{queue_name=\"other\"} 1.0",
				"dramatiq_queue_dead_messages{queue_name=\"other\"} 0.0");
		// Python's bucket boundaries, and nothing labelled with a delay queue
		for (String le : List.of("5.0", "10.0", "25.0", "50.0", "75.0", "100.0", "250.0", "500.0", "750.0", "1000.0",
				"2500.0", "5000.0", "7500.0", "10000.0", "30000.0", "60000.0", "600000.0", "900000.0", "+Inf")) {
			assertThat(scrape).contains("dramatiq_message_duration_milliseconds_bucket{actor_name=\"boom\","
					+ "queue_name=\"default\",le=\"" + le + "\"} ");
		}
		assertThat(
				scrape.lines()
					.filter((line) -> line
						.startsWith("dramatiq_message_duration_milliseconds_bucket" + "{actor_name=\"boom\"")))
			.hasSize(19);
		assertThat(scrape).contains("# TYPE dramatiq_message_duration_milliseconds histogram",
				"# TYPE dramatiq_messages_total counter", "# TYPE dramatiq_messages_inprogress gauge",
				"# HELP dramatiq_messages_total Messages this actor has handled, whatever the outcome.");
		assertThat(scrape).doesNotContain(".DQ");
		// help texts in our own words, not Python Dramatiq's
		assertThat(scrape).doesNotContain("The total number of", "The number of messages in progress",
				"The number of delayed messages in memory", "The time spent");
	}

	@Test
	void delayedGaugeNeverGoesNegativeNorLeaks() {
		// Given the metrics on a broker and a delayed message held from the delay queue
		SimpleMeterRegistry simple = new SimpleMeterRegistry();
		DramatiqMetrics metrics = new DramatiqMetrics(simple);
		Message message = message("default", "later").withQueueName("default.DQ").withOption("eta", 1L);
		MessageProxy held = proxy(message);
		// When a delivery that was never held is acked or nacked
		metrics.afterAck(this.broker, proxy(message));
		metrics.afterNack(this.broker, proxy(message));
		// I expect the gauge to stay at zero, under the canonical queue name
		assertThat(delayed(simple)).isZero();

		// When it is held, then the canonical delivery of the same message id is acked
		metrics.beforeDelayMessage(this.broker, held);
		metrics.afterAck(this.broker, proxy(message.withQueueName("default").withoutOption("eta")));
		// I expect it still counted, until its own delivery is acked, once
		assertThat(delayed(simple)).isOne();
		metrics.afterAck(this.broker, held);
		metrics.afterAck(this.broker, held);
		metrics.afterNack(this.broker, held);
		assertThat(delayed(simple)).isZero();

		// When a consumer drops it and the broker delivers it again, then the new
		// delivery is acked
		MessageProxy dropped = proxy(message);
		MessageProxy redelivered = proxy(message);
		metrics.beforeDelayMessage(this.broker, dropped);
		metrics.beforeDelayMessage(this.broker, redelivered);
		assertThat(delayed(simple)).isOne();
		metrics.afterAck(this.broker, dropped);
		assertThat(delayed(simple)).isOne();
		metrics.afterAck(this.broker, redelivered);
		assertThat(delayed(simple)).isZero();

		// When a worker stops while holding it, then its stale delivery is acked
		MessageProxy handedBack = proxy(message);
		metrics.beforeDelayMessage(this.broker, handedBack);
		metrics.afterWorkerShutdown(this.broker, null);
		metrics.afterAck(this.broker, handedBack);
		assertThat(delayed(simple)).isZero();
	}

	@Test
	void messageSkippedBeforeTheMetricsSawItIsCountedWithoutTouchingTheInProgressGauge() {
		// Given a middleware registered before the metrics that skips every message
		this.broker.addMiddleware(new SkipAll());
		this.broker.addMiddleware(new DramatiqMetrics(this.registry));
		declare("skipped", "default", (args, kwargs) -> null);
		this.worker = new Worker(this.broker, WorkerOptions.defaults().withWorkerTimeout(Duration.ofMillis(100)));
		this.worker.start();
		// When a message is skipped
		this.broker.enqueue(message("default", "skipped"));
		this.broker.join("default", WAIT, false);
		this.worker.join(WAIT);
		// I expect it counted as processed, not as an error, and nothing left in progress
		assertThat(scrape()).contains(sample("dramatiq_messages_total", "skipped", 1),
				sample("dramatiq_message_errors_total", "skipped", 0),
				sample("dramatiq_messages_inprogress", "skipped", 0),
				sample("dramatiq_message_duration_milliseconds_count", "skipped", 1));
	}

	@Test
	void afterHooksRunAgainForTheSameMessageCountItOnce() {
		// Given a message whose success hooks ran, then ran again with an exception
		// because a middleware raised from its after hook
		SimpleMeterRegistry simple = new SimpleMeterRegistry();
		DramatiqMetrics metrics = new DramatiqMetrics(simple);
		MessageProxy message = proxy(message("default", "twice"));
		metrics.beforeProcessMessage(this.broker, message);
		metrics.afterProcessMessage(this.broker, message, "done", null);
		metrics.afterProcessMessage(this.broker, message, null, new SkipMessageException("late"));
		// I expect one processed message, no error, and nothing in progress
		assertThat(simple.get(DramatiqMetrics.MESSAGES).counter().count()).isOne();
		assertThat(simple.get(DramatiqMetrics.MESSAGE_ERRORS).counter().count()).isZero();
		assertThat(simple.get(DramatiqMetrics.MESSAGES_IN_PROGRESS).gauge().value()).isZero();
		assertThat(simple.get(DramatiqMetrics.MESSAGE_DURATION).summary().count()).isOne();
	}

	@Test
	void queueGaugesAskTheBrokerOncePerCachePeriodAndReadNaNWhenItFails() {
		// Given a broker that counts its queueCounts calls and can fail
		MockClock clock = new MockClock();
		SimpleMeterRegistry simple = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
		CountingBroker counting = new CountingBroker();
		counting.addMiddleware(new DramatiqMetrics(simple, Duration.ofSeconds(1)));
		counting.declareQueue("q");
		counting.enqueue(message("q", "a"));
		// When the three gauges are read twice within the cache period
		assertThat(queueGauges(simple)).containsExactly(1.0, 0.0, 0.0);
		assertThat(queueGauges(simple)).containsExactly(1.0, 0.0, 0.0);
		// I expect one broker call
		assertThat(counting.calls).hasValue(1);

		// When the cache expires and the broker fails
		clock.add(Duration.ofSeconds(1));
		counting.failing = true;
		// I expect NaN and no exception, and the failure cached too
		assertThat(queueGauges(simple)).containsExactly(Double.NaN, Double.NaN, Double.NaN);
		assertThat(counting.calls).hasValue(2);

		// When the broker answers again but cannot tell one of the counts
		clock.add(Duration.ofSeconds(1));
		counting.failing = false;
		counting.unknownDead = true;
		assertThat(queueGauges(simple)).containsExactly(1.0, 0.0, Double.NaN);
		assertThat(counting.calls).hasValue(3);
	}

	private static List<Double> queueGauges(MeterRegistry registry) {
		return List.of(registry.get(DramatiqMetrics.QUEUE_READY_MESSAGES).tag("queue_name", "q").gauge().value(),
				registry.get(DramatiqMetrics.QUEUE_DELAYED_MESSAGES).tag("queue_name", "q").gauge().value(),
				registry.get(DramatiqMetrics.QUEUE_DEAD_MESSAGES).tag("queue_name", "q").gauge().value());
	}

	private void declare(String actorName, String queueName, ActorFunction function) {
		this.broker.declareActor(new ActorDefinition(actorName, queueName, 0, Map.of(), function));
	}

	private static Message message(String queueName, String actorName) {
		return Message.create(queueName, actorName, List.of(), Map.of(), Map.of());
	}

	private static MessageProxy proxy(Message message) {
		return new MessageProxy(new Delivery(message.queueName(), new byte[0], message));
	}

	private static double delayed(MeterRegistry registry) {
		return registry.get(DramatiqMetrics.DELAYED_MESSAGES_IN_PROGRESS)
			.tags("queue_name", "default", "actor_name", "later")
			.gauge()
			.value();
	}

	private String scrape() {
		return this.registry.scrape();
	}

	private static String sample(String name, String actorName, double value) {
		return sample(name, actorName, "default", value);
	}

	private static String sample(String name, String actorName, String queueName, double value) {
		String number = name.endsWith("_count") ? String.valueOf((long) value) : String.valueOf(value);
		return name + "{actor_name=\"" + actorName + "\",queue_name=\"" + queueName + "\"} " + number;
	}

	/**
	 * Retries a failed message once through the delay queue, as the Retries middleware
	 * does, and marks it failed the next time.
	 */
	private static final class RetryOnce implements Middleware {

		@Override
		public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
			if (exception == null) {
				return;
			}
			if (message.options().containsKey("retries")) {
				message.fail();
				return;
			}
			broker.enqueue(message.message().withOption("retries", 1), Duration.ofMillis(50));
		}

	}

	private static final class SkipAll implements Middleware {

		@Override
		public void beforeProcessMessage(Broker broker, MessageProxy message) {
			throw new SkipMessageException("skipped by the test");
		}

	}

	private static final class CountingBroker extends StubBroker {

		final AtomicInteger calls = new AtomicInteger();

		volatile boolean failing;

		volatile boolean unknownDead;

		@Override
		public QueueCounts queueCounts(String queueName) {
			this.calls.incrementAndGet();
			if (this.failing) {
				throw new IllegalStateException("broker is down");
			}
			QueueCounts counts = super.queueCounts(queueName);
			return this.unknownDead ? new QueueCounts(counts.ready(), counts.delayed(), -1) : counts;
		}

	}

}
