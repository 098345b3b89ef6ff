package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.LogEvents;
import io.dramatiq.broker.OutageAssertions;
import io.dramatiq.broker.TcpProxy;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker on the real RabbitMQ through a proxy that is stopped and started again, as a
 * RabbitMQ node that goes down for a few seconds: the outage costs each consumer one
 * warning and one line when RabbitMQ is back, and reconnection attempts back off.
 */
class RabbitmqOutageIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final Duration RESTART_DELAY = Duration.ofMillis(100);

	private static final Duration MAX_RESTART_DELAY = Duration.ofMillis(800);

	private final String queue = RabbitmqAdmin.uniqueQueue();

	private RabbitmqAdmin admin;

	private TcpProxy proxy;

	private CachingConnectionFactory connectionFactory;

	private RabbitmqBroker broker;

	private Worker worker;

	@BeforeEach
	void connectThroughAProxy() throws IOException {
		this.admin = RabbitmqAdmin.get();
		this.proxy = new TcpProxy(RabbitmqAdmin.HOST, RabbitmqAdmin.PORT).start();
		this.connectionFactory = new CachingConnectionFactory(RabbitmqAdmin.HOST, this.proxy.port());
	}

	@AfterEach
	void cleanUp() throws IOException {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(5));
		}
		if (this.broker != null) {
			this.broker.close();
		}
		if (this.connectionFactory != null) {
			this.connectionFactory.destroy();
		}
		if (this.proxy != null) {
			this.proxy.close();
		}
		if (this.admin != null) {
			this.admin.deleteQueues(this.queue);
		}
	}

	@Test
	void anOutageLogsOneWarningAndOneRecoveryPerConsumerAndAttemptsBackOff() throws IOException {
		// Given a worker consuming a queue through the proxy, which restarts failed
		// consumers after 100 ms, doubling up to 800 ms
		List<Long> attempts = new CopyOnWriteArrayList<>();
		this.broker = new CountingBroker(this.connectionFactory, this.queue, attempts);
		List<Object> runs = new CopyOnWriteArrayList<>();
		this.broker.declareActor(
				new ActorDefinition("work", this.queue, 0, Map.of(), (args, kwargs) -> runs.add(args.get(0))));
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults()
					.withThreads(2)
					.withWorkerTimeout(Duration.ofMillis(100))
					.withRestartDelay(RESTART_DELAY)
					.withMaxRestartDelay(MAX_RESTART_DELAY));
		this.worker.start();
		this.broker.enqueue(Message.create(this.queue, "work", List.of(1), Map.of(), Map.of()));
		await().atMost(WAIT).until(() -> runs.size() == 1);
		// acked before the outage, so that no ack fails
		assertThat(this.worker.join(WAIT)).isTrue();
		try (LogEvents logs = LogEvents.of("io.dramatiq")) {
			// When RabbitMQ goes away for at least six attempts to reconnect
			int before = attempts.size();
			this.proxy.stop();
			await().atMost(WAIT).until(() -> attempts.size() - before >= 6);
			// and comes back
			this.proxy.start();
			await().atMost(WAIT)
				.until(() -> logs.lines().stream().filter((line) -> line.contains("is connected again")).count() == 2);
			this.broker.enqueue(Message.create(this.queue, "work", List.of(2), Map.of(), Map.of()));
			await().atMost(WAIT).until(() -> runs.contains(2));
			// I expect each consumer to have logged one warning naming RabbitMQ and one
			// recovery, no stack trace, and attempts spaced 100, 200, 400, 800, 800 ms
			OutageAssertions.assertLoggedOncePerConsumer(logs.events(), List.of(this.queue, this.queue + ".DQ"),
					RabbitmqAdmin.HOST + ":" + this.proxy.port());
			// the first attempt came a restart delay after the failure, the next twice
			// that after it
			OutageAssertions.assertBackoff(attempts.subList(before, attempts.size()), 2 * RESTART_DELAY.toMillis(),
					MAX_RESTART_DELAY.toMillis());
		}
	}

	/**
	 * Records when the worker opens a consumer of one queue: each is an attempt.
	 */
	private static final class CountingBroker extends RabbitmqBroker {

		private final String queueName;

		private final List<Long> attempts;

		CountingBroker(CachingConnectionFactory connectionFactory, String queueName, List<Long> attempts) {
			super(connectionFactory, new JsonMessageEncoder());
			this.queueName = queueName;
			this.attempts = attempts;
		}

		@Override
		public Consumer consume(String queueName, int prefetch, Duration timeout) {
			if (queueName.equals(this.queueName)) {
				this.attempts.add(System.nanoTime());
			}
			return super.consume(queueName, prefetch, timeout);
		}

	}

}
