package io.dramatiq.broker.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.LogEvents;
import io.dramatiq.broker.OutageAssertions;
import io.dramatiq.broker.TcpProxy;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker on Redis through a proxy that is stopped and started again, as a Redis server
 * that goes down for a few seconds: the outage costs each consumer one warning and one
 * line when Redis is back, and reconnection attempts back off.
 */
class RedisOutageIntegrationTests extends AbstractRedisIntegrationTests {

	private static final Duration RESTART_DELAY = Duration.ofMillis(100);

	private static final Duration MAX_RESTART_DELAY = Duration.ofMillis(800);

	private TcpProxy proxy;

	private LettuceConnectionFactory connectionFactory;

	private RedisBroker broker;

	private Worker worker;

	// runs after every @AfterEach, so after the workers stopped
	@RegisterExtension
	final AfterEachCallback disconnect = (context) -> {
		if (this.broker != null) {
			this.broker.close();
		}
		if (this.connectionFactory != null) {
			this.connectionFactory.destroy();
		}
		if (this.proxy != null) {
			this.proxy.close();
		}
	};

	@BeforeEach
	void connectThroughAProxy() throws IOException {
		this.proxy = new TcpProxy(RedisTestSupport.HOST, RedisTestSupport.PORT).start();
		// as spring.data.redis.timeout=1s
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(RedisTestSupport.HOST, this.proxy.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
	}

	@Test
	void anOutageLogsOneWarningAndOneRecoveryPerConsumerAndAttemptsBackOff() throws IOException {
		// Given a worker consuming a queue through the proxy, which restarts failed
		// consumers after 100 ms, doubling up to 800 ms
		List<Long> attempts = new CopyOnWriteArrayList<>();
		RedisBroker broker = new CountingBroker(this.connectionFactory, options(), "outage", attempts);
		this.broker = broker;
		List<Object> runs = new CopyOnWriteArrayList<>();
		declare(broker, "outage", "work", (args, kwargs) -> runs.add(args.get(0)));
		this.worker = startWorker(broker,
				WorkerOptions.defaults()
					.withThreads(2)
					.withRestartDelay(RESTART_DELAY)
					.withMaxRestartDelay(MAX_RESTART_DELAY));
		broker.enqueue(Message.create("outage", "work", List.of(1), Map.of(), Map.of()));
		await().atMost(WAIT).until(() -> runs.size() == 1);
		// acked before the outage, so that no ack fails
		assertThat(this.worker.join(WAIT)).isTrue();
		try (LogEvents logs = LogEvents.of("io.dramatiq")) {
			// When Redis goes away for at least six attempts to reconnect
			int before = attempts.size();
			this.proxy.stop();
			await().atMost(WAIT).until(() -> attempts.size() - before >= 6);
			// and comes back
			this.proxy.start();
			await().atMost(Duration.ofSeconds(60))
				.until(() -> logs.lines().stream().filter((line) -> line.contains("is connected again")).count() == 2);
			broker.enqueue(Message.create("outage", "work", List.of(2), Map.of(), Map.of()));
			await().atMost(WAIT).until(() -> runs.contains(2));
			// I expect each consumer to have logged one warning naming Redis and one
			// recovery, no stack trace, and attempts spaced 100, 200, 400, 800, 800 ms
			OutageAssertions.assertLoggedOncePerConsumer(logs.events(), List.of("outage", "outage.DQ"),
					RedisTestSupport.HOST + ":" + this.proxy.port());
			// the first attempt came a restart delay after the failure, the next twice
			// that after it
			OutageAssertions.assertBackoff(attempts.subList(before, attempts.size()), 2 * RESTART_DELAY.toMillis(),
					MAX_RESTART_DELAY.toMillis());
		}
	}

	/**
	 * Records when the worker opens a consumer of one queue: each is an attempt.
	 */
	private static final class CountingBroker extends RedisBroker {

		private final String queueName;

		private final List<Long> attempts;

		CountingBroker(LettuceConnectionFactory connectionFactory, RedisBrokerOptions options, String queueName,
				List<Long> attempts) {
			super(connectionFactory, new JsonMessageEncoder(), options);
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
