package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.ConnectionException;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring Boot application on the local 3-node RabbitMQ cluster
 * ({@code scripts/rabbitmq-cluster.sh}) through {@code spring.rabbitmq.addresses}: the
 * node the worker consumes from stops while messages keep coming, and every message sent
 * still runs at least once.
 * <p>
 * A classic queue lives on one node and is unavailable while that node is down, so the
 * classic case keeps its queue on a node that stays up (node 3, where Python would have
 * declared it) and shows the worker's consumers moving to another node. Quorum queues are
 * replicated: in the quorum case the queue's leader is the stopped node itself.
 */
class RabbitmqClusterIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(90);

	// messages sent after the node stopped, while the worker fails over
	private static final int SENT_AFTER_STOP = 200;

	private final String queue = "rmq_cluster_" + UUID.randomUUID().toString().substring(0, 8);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class,
				RabbitmqAutoConfigurationIntegrationTests.RabbitmqFirstAutoConfiguration.class,
				DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=rabbitmq", "spring.rabbitmq.addresses=" + RabbitmqCluster.ADDRESSES,
				"spring.rabbitmq.address-shuffle-mode=none", "dramatiq.worker.threads=4",
				"dramatiq.worker.worker-timeout=100ms", "test.queue=" + this.queue)
		.withUserConfiguration(CountingActorConfiguration.class);

	private boolean clusterRunning;

	private boolean node1Stopped;

	@BeforeEach
	void assumeCluster() {
		// skips the test (fails it in CI) when the cluster does not answer
		RabbitmqCluster.assumeRunning();
		this.clusterRunning = true;
	}

	@AfterEach
	void restartNode1AndDeleteQueues() throws Exception {
		if (!this.clusterRunning) {
			return;
		}
		if (this.node1Stopped) {
			RabbitmqCluster.startApp(1);
		}
		try (Connection connection = connect(2)) {
			Channel channel = connection.createChannel();
			for (String name : List.of(this.queue, this.queue + ".DQ", this.queue + ".XQ")) {
				channel.queueDelete(name);
			}
		}
	}

	@Test
	void classicQueueOnANodeThatStaysUpKeepsBeingConsumedWhenTheWorkersNodeStops() throws Exception {
		// Given classic queues declared on node 3, as a Python producer connected there
		// would have
		try (Connection connection = connect(3)) {
			Channel channel = connection.createChannel();
			Map<String, Object> arguments = Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key",
					this.queue + ".XQ");
			channel.queueDeclare(this.queue, true, false, false, arguments);
			channel.queueDeclare(this.queue + ".DQ", true, false, false, arguments);
			channel.queueDeclare(this.queue + ".XQ", true, false, false, Map.of("x-message-ttl", 604800000));
		}
		this.contextRunner.run((context) -> workerKeepsConsumingWhenNode1Stops(context.getBean(RabbitmqBroker.class),
				runs(context.getBean("runs"))));
	}

	@Test
	void quorumQueueKeepsBeingConsumedWhenTheNodeOfItsLeaderAndOfTheWorkerStops() throws Exception {
		// Given quorum queues, declared by the application through node 1, which leads
		// them
		this.contextRunner.withPropertyValues("dramatiq.broker.rabbitmq.queue-type=quorum")
			.run((context) -> workerKeepsConsumingWhenNode1Stops(context.getBean(RabbitmqBroker.class),
					runs(context.getBean("runs"))));
	}

	@Test
	void classicQueueOnTheStoppedNodeIsUnavailableUntilItsNodeIsBackAndLosesNothing() {
		this.contextRunner.run((context) -> {
			// Given classic queues declared by the application through node 1, their home
			RabbitmqBroker broker = context.getBean(RabbitmqBroker.class);
			ConcurrentLinkedQueue<Run> runs = runs(context.getBean("runs"));
			Set<Integer> sent = new HashSet<>(Set.of(0));
			broker.enqueue(count(0));
			await().atMost(WAIT).until(() -> runs.size() == 1);
			// When node 1 stops and a message is sent
			RabbitmqCluster.stopApp(1);
			this.node1Stopped = true;
			long sending = System.nanoTime();
			try {
				broker.enqueue(count(1));
				sent.add(1);
			}
			catch (BrokerException ex) {
				// I expect RabbitMQ either to refuse it, and the enqueue to fail saying
				// so
				// (the queue is down while its node is),
				assertThat(ex).isInstanceOf(ConnectionException.class).hasMessageContaining("after 6 attempts");
			}
			System.out.printf("classic queue on the stopped node: enqueue %s after %d ms%n",
					sent.contains(1) ? "returned" : "failed", (System.nanoTime() - sending) / 1_000_000);
			// or to keep it: once node 1 is back, every message whose enqueue returned
			// runs
			RabbitmqCluster.startApp(1);
			this.node1Stopped = false;
			long restarted = System.nanoTime();
			broker.enqueue(count(2));
			sent.add(2);
			await().atMost(WAIT).until(() -> runs.stream().map(Run::id).collect(Collectors.toSet()).equals(sent));
			System.out.printf("classic queue on the stopped node: all run %d ms after its node was back%n",
					(System.nanoTime() - restarted) / 1_000_000);
		});
	}

	private void workerKeepsConsumingWhenNode1Stops(RabbitmqBroker broker, ConcurrentLinkedQueue<Run> runs) {
		// Given the worker consuming from node 1, the first address
		String consumer = "dramatiq consumer of " + this.queue;
		broker.enqueue(count(-1));
		await().atMost(WAIT).until(() -> runs.size() == 1);
		assertThat(RabbitmqCluster.connectionPorts(1, consumer)).containsOnly(RabbitmqCluster.port(1));
		// When node 1 stops while messages keep being sent
		long began = System.nanoTime();
		CompletableFuture<Long> stopped = CompletableFuture.supplyAsync(() -> {
			RabbitmqCluster.stopApp(1);
			this.node1Stopped = true;
			return System.nanoTime();
		});
		int sent = 0;
		int sentAfterStop = 0;
		while (sentAfterStop < SENT_AFTER_STOP) {
			broker.enqueue(count(sent++));
			if (stopped.isDone()) {
				sentAfterStop++;
			}
		}
		long stoppedAt = stopped.join();
		int total = sent;
		// I expect every message sent to run at least once
		await().atMost(WAIT).until(() -> distinctRuns(runs) == total + 1);
		// with the worker's consumers now on another node
		assertThat(RabbitmqCluster.connectionPorts(2, consumer)).isNotEmpty().doesNotContain(RabbitmqCluster.port(1));
		report(runs, total, began, stoppedAt);
	}

	private Message count(int id) {
		return Message.create(this.queue, "count", List.of(id), Map.of(), Map.of());
	}

	private static long distinctRuns(ConcurrentLinkedQueue<Run> runs) {
		return runs.stream().map(Run::id).distinct().count();
	}

	// the figures for docs/reliability.md
	private static void report(ConcurrentLinkedQueue<Run> runs, int sent, long began, long stoppedAt) {
		Map<Integer, Integer> times = new HashMap<>();
		List<Long> at = new ArrayList<>();
		for (Run run : runs) {
			times.merge(run.id(), 1, Integer::sum);
			at.add(run.nanos());
		}
		at.sort(null);
		long longestPause = 0;
		for (int i = 1; i < at.size(); i++) {
			if (at.get(i) > began) {
				longestPause = Math.max(longestPause, at.get(i) - at.get(i - 1));
			}
		}
		long twice = times.values().stream().filter((n) -> n > 1).count();
		System.out.printf(
				"cluster failover: sent %d, ran %d, lost %d, ran more than once %d, stop_app took %d ms,"
						+ " longest pause between two runs %d ms, all run %d ms after the stop began%n",
				sent, times.size() - 1, sent + 1 - times.size(), twice, (stoppedAt - began) / 1_000_000,
				longestPause / 1_000_000, (at.get(at.size() - 1) - began) / 1_000_000);
	}

	private static Connection connect(int node) throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(RabbitmqCluster.HOST);
		factory.setPort(RabbitmqCluster.port(node));
		factory.setAutomaticRecoveryEnabled(false);
		return factory.newConnection("dramatiq-cluster-tests-admin");
	}

	@SuppressWarnings("unchecked")
	private static ConcurrentLinkedQueue<Run> runs(Object bean) {
		return (ConcurrentLinkedQueue<Run>) bean;
	}

	/**
	 * One run of the counting actor: the message's number and when it ran.
	 */
	record Run(int id, long nanos) {
	}

	@Configuration(proxyBeanMethods = false)
	static class CountingActorConfiguration {

		@Bean
		ConcurrentLinkedQueue<Run> runs() {
			return new ConcurrentLinkedQueue<>();
		}

		@Bean
		SmartInitializingSingleton countingActor(Broker broker, Environment environment,
				ConcurrentLinkedQueue<Run> runs) {
			return () -> broker
				.declareActor(new ActorDefinition("count", environment.getProperty("test.queue"), 0, Map.of(),
						(args, kwargs) -> runs.add(new Run(((Number) args.get(0)).intValue(), System.nanoTime()))));
		}

	}

}
