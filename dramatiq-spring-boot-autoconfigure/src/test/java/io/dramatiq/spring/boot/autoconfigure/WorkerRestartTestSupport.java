package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.CurrentMessage;
import io.dramatiq.spring.WorkerContainer;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A restart as Spring Boot DevTools does it: the application context is closed while
 * actors run and messages are prefetched, and a new context starts on the same broker
 * server. The first worker lets running actors finish and gives prefetched messages back;
 * the second consumes the rest. Every message must run exactly once.
 */
public final class WorkerRestartTestSupport {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	static final int MESSAGES = 20;

	private WorkerRestartTestSupport() {
	}

	/**
	 * Run twenty messages across a restart and assert that each ran exactly once.
	 * @param brokers gives each application context its broker, with the probe's actor
	 * declared on it
	 * @param probe the probe
	 * @param queue the probe's queue
	 * @throws Exception if the restart fails
	 */
	public static void restart(Supplier<Broker> brokers, Probe probe, String queue) throws Exception {
		new Restart(brokers, probe, queue).run();
	}

	/**
	 * Counts the runs of each message; the first two runs block until released, so that
	 * they are in flight when the context closes.
	 */
	public static final class Probe {

		final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

		final AtomicInteger started = new AtomicInteger();

		final CountDownLatch release = new CountDownLatch(1);

		public ActorDefinition actor(String name, String queue) {
			return new ActorDefinition(name, queue, 0, Map.of(), (args, kwargs) -> {
				String id = CurrentMessage.get().orElseThrow().messageId();
				this.runs.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
				if (this.started.incrementAndGet() <= 2) {
					// in flight while the context closes
					this.release.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
				}
				return null;
			});
		}

	}

	/**
	 * Two successive application contexts with two worker threads each, on brokers from a
	 * supplier (the same stub broker, or a new RabbitMQ broker on the same server).
	 */
	private record Restart(Supplier<Broker> brokers, Probe probe, String queue) {

		void run() throws Exception {
			// Given a running application and twenty messages
			ConfigurableApplicationContext first = start();
			Broker producer = first.getBean(Broker.class);
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < MESSAGES; i++) {
				ids.add(producer.enqueue(Message.create(this.queue, "restart_probe", List.of(i), Map.of(), Map.of()))
					.messageId());
			}
			// with two actors running and more messages prefetched
			await().atMost(TIMEOUT).until(() -> this.probe.started.get() == 2);
			// When the context closes, as DevTools does before a restart
			WorkerContainer container = first.getBean(WorkerContainer.class);
			Thread closer = new Thread(first::close, "restart-closer");
			closer.start();
			await().atMost(TIMEOUT).until(() -> !container.isRunning());
			// the running actors finish during the graceful stop
			this.probe.release.countDown();
			closer.join(TIMEOUT.toMillis());
			assertThat(closer.isAlive()).isFalse();
			assertThat(container.getWorker().isRunning()).isFalse();
			assertThat(this.probe.runs).hasSizeLessThan(MESSAGES);
			// and a new context starts on the same broker
			ConfigurableApplicationContext second = start();
			try {
				await().atMost(TIMEOUT).until(() -> this.probe.runs.size() == MESSAGES);
				second.getBean(WorkerContainer.class).getWorker().join(TIMEOUT);
				// I expect every message to have run exactly once
				assertThat(this.probe.runs).containsOnlyKeys(ids);
				assertThat(this.probe.runs.values()).allSatisfy((count) -> assertThat(count.get()).isOne());
				assertThat(second.getBean(Broker.class).queueCounts(this.queue))
					.isEqualTo(new Broker.QueueCounts(0, 0, 0));
			}
			finally {
				second.close();
			}
		}

		private ConfigurableApplicationContext start() {
			return new SpringApplicationBuilder(RestartConfiguration.class).web(WebApplicationType.NONE)
				.properties("spring.main.banner-mode=off", "dramatiq.worker.threads=2",
						"dramatiq.worker.worker-timeout=20ms", "dramatiq.worker.shutdown-timeout=20s")
				.initializers((context) -> ((GenericApplicationContext) context).registerBean("dramatiqBroker",
						Broker.class, this.brokers::get))
				.run();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DramatiqAutoConfiguration.class)
	static class RestartConfiguration {

	}

}
