package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.Retries;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The opt-in quorum topology ({@code dramatiq.broker.rabbitmq.queue-type=quorum}) on the
 * local single RabbitMQ node, which accepts quorum queues: what is declared, and that a
 * worker runs, delays and dead-letters on it as on classic queues.
 */
class RabbitmqQuorumQueuesIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static CachingConnectionFactory connectionFactory;

	private static RabbitmqAdmin admin;

	private final List<RabbitmqBroker> brokers = new ArrayList<>();

	private final List<Worker> workers = new ArrayList<>();

	private final List<Object> runs = new CopyOnWriteArrayList<>();

	private String queue;

	@AfterAll
	static void disconnect() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@BeforeEach
	void connectAndPickQueue() {
		// skips the test when RabbitMQ does not answer
		admin = RabbitmqAdmin.get();
		if (connectionFactory == null) {
			connectionFactory = RabbitmqAdmin.connectionFactory("dramatiq-quorum-tests");
		}
		this.queue = RabbitmqAdmin.uniqueQueue();
	}

	@AfterEach
	void cleanUp() throws IOException {
		for (Worker worker : this.workers) {
			worker.stop(Duration.ofSeconds(5));
		}
		for (RabbitmqBroker broker : this.brokers) {
			broker.close();
		}
		if (this.queue != null) {
			admin.deleteQueues(this.queue);
		}
	}

	private RabbitmqBroker broker(RabbitmqQueueType queueType) {
		RabbitmqBroker broker = new RabbitmqBroker(connectionFactory, new JsonMessageEncoder(),
				RabbitmqBrokerOptions.defaults().withQueueType(queueType));
		this.brokers.add(broker);
		broker.declareActor(new ActorDefinition("add", this.queue, 0, Map.of(), (args, kwargs) -> {
			if (args.contains("fail")) {
				throw new IllegalStateException("boom");
			}
			this.runs.add(args);
			return null;
		}));
		return broker;
	}

	private Message add(Object argument, Map<String, Object> options) {
		return Message.create(this.queue, "add", List.of(argument), Map.of(), options);
	}

	@Test
	void quorumDeclaresThreeDurableQuorumQueuesWithPythonsDeadLetterArguments() {
		// Given a broker with the quorum queue type
		RabbitmqBroker broker = broker(RabbitmqQueueType.QUORUM);
		// When it first uses a queue
		broker.enqueue(add(1, Map.of()));
		// I expect Q, Q.DQ and Q.XQ as durable quorum queues, dead-lettering as the
		// classic ones do and Q.XQ expiring its messages
		List<List<Object>> deadLettering = List.of(List.of("x-queue-type", "longstr", "quorum"),
				List.of("x-dead-letter-exchange", "longstr", ""),
				List.of("x-dead-letter-routing-key", "longstr", this.queue + ".XQ"));
		assertThat(queueRows()).containsExactlyInAnyOrder(queueRow(this.queue, deadLettering),
				queueRow(this.queue + ".DQ", deadLettering),
				queueRow(this.queue + ".XQ", List.of(List.of("x-queue-type", "longstr", "quorum"),
						List.of("x-message-ttl", "signedint", 604800000))));
	}

	@Test
	void aWorkerRunsDelayedAndDeadLettersOnQuorumQueues() throws IOException {
		// Given a worker on quorum queues
		RabbitmqBroker broker = broker(RabbitmqQueueType.QUORUM);
		broker.addMiddleware(new Retries());
		Worker worker = new Worker(broker,
				WorkerOptions.defaults().withWorkerTimeout(Duration.ofMillis(100)).withThreads(2));
		this.workers.add(worker);
		worker.start();
		// When a message, a delayed message and a failing message are sent
		broker.enqueue(add(1, Map.of()));
		broker.enqueue(add(2, Map.of()), Duration.ofMillis(300));
		broker.enqueue(add("fail", Map.of("max_retries", 0)));
		// I expect the first two to run and the third to be dead-lettered into Q.XQ
		await().atMost(WAIT).until(() -> this.runs.size() == 2);
		assertThat(this.runs).containsExactlyInAnyOrder(List.of(1), List.of(2));
		await().atMost(WAIT).until(() -> admin.messageCount(this.queue + ".XQ") == 1);
	}

	@Test
	void quorumWhereAClassicQueueExistsFailsNamingTheQueueTypeProperty() throws IOException {
		// Given the classic queues Python Dramatiq declares
		admin.declareAsPython(this.queue, null);
		// When a quorum broker uses the same queue
		RabbitmqBroker broker = broker(RabbitmqQueueType.QUORUM);
		// I expect a failure that says the queue type differs and which setting to change
		assertThatExceptionOfType(QueueArgumentsMismatchException.class)
			.isThrownBy(() -> broker.enqueue(add(1, Map.of())))
			.withMessageContaining("x-queue-type")
			.withMessageContaining("'dramatiq.broker.rabbitmq.queue-type'")
			.withMessageContaining("Python Dramatiq declares classic queues");
	}

	@Test
	void classicWhereAQuorumQueueExistsFailsNamingTheQueueTypeProperty() {
		// Given queues a quorum broker declared
		broker(RabbitmqQueueType.QUORUM).enqueue(add(1, Map.of()));
		// When a classic broker (the default) uses the same queue
		RabbitmqBroker classic = broker(RabbitmqQueueType.CLASSIC);
		// I expect a failure naming the setting
		assertThatExceptionOfType(QueueArgumentsMismatchException.class)
			.isThrownBy(() -> classic.enqueue(add(2, Map.of())))
			.withMessageContaining("'dramatiq.broker.rabbitmq.queue-type'");
	}

	@Test
	void quorumQueuesRefuseAMaxPriority() {
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> RabbitmqBrokerOptions.defaults().withMaxPriority(10).withQueueType(RabbitmqQueueType.QUORUM))
			.withMessageContaining("priorit");
	}

	private static Map<String, Object> queueRow(String name, List<List<Object>> arguments) {
		// a quorum queue cannot be exclusive: rabbitmqctl lists its exclusivity as empty
		return Map.of("name", name, "type", "quorum", "durable", true, "exclusive", "", "arguments",
				Set.copyOf(arguments));
	}

	private List<Map<String, Object>> queueRows() {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Map<String, Object> row : Rabbitmqctl.queueTypes(this.queue)) {
			Map<String, Object> normalized = new LinkedHashMap<>(row);
			normalized.put("arguments", Set.copyOf((List<?>) row.get("arguments")));
			rows.add(normalized);
		}
		return rows;
	}

}
