package io.dramatiq.broker.rabbitmq;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
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
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.awaitility.Awaitility.await;

/**
 * What Python Dramatiq 2.2 sees on RabbitMQ when Java produces and consumes, and what
 * Java does with what Python produces: spec §3 and checklist items C11 to C25, read back
 * through plain AMQP (passive declares, {@code basic.get}) and {@code rabbitmqctl}.
 */
class RabbitmqWireCompatibilityIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	// the spec's example: Python's add.send(1, 2), bytes exactly as published
	private static final String PYTHON_ADD = "{\"queue_name\":\"default\",\"actor_name\":\"add\",\"args\":[1,2],"
			+ "\"kwargs\":{},\"options\":{},\"message_id\":\"6ff853a6-73d8-48ea-ac88-ff4e061adcc4\","
			+ "\"message_timestamp\":1795499148828}";

	// from the shared vectors (kwargs-nested), as Python 2.2 encoded it
	private static final String PYTHON_SAVE = "{\"queue_name\":\"default\",\"actor_name\":\"save\",\"args\":[\"x\"],"
			+ "\"kwargs\":{\"user\":{\"id\":7,\"tags\":[\"a\",\"b\"],\"active\":true,\"nick\":null}},\"options\":{},"
			+ "\"message_id\":\"6ff853a6-73d8-48ea-ac88-ff4e061adcc4\",\"message_timestamp\":1795499148828}";

	private static CachingConnectionFactory connectionFactory;

	private static RabbitmqAdmin admin;

	private final List<RabbitmqBroker> brokers = new ArrayList<>();

	private final List<Worker> workers = new ArrayList<>();

	private final List<String> runs = new CopyOnWriteArrayList<>();

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
			connectionFactory = RabbitmqAdmin.connectionFactory("dramatiq-wire-tests");
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

	private RabbitmqBroker broker(RabbitmqBrokerOptions options) {
		RabbitmqBroker broker = new RabbitmqBroker(connectionFactory, new JsonMessageEncoder(), options);
		this.brokers.add(broker);
		return broker;
	}

	private RabbitmqBroker broker() {
		return broker(RabbitmqBrokerOptions.defaults());
	}

	private void declare(Broker broker, String actorName) {
		broker.declareActor(new ActorDefinition(actorName, this.queue, 0, Map.of(), (args, kwargs) -> {
			this.runs.add(actorName + args + kwargs);
			return null;
		}));
	}

	private Worker startWorker(Broker broker, WorkerOptions options) {
		Worker worker = new Worker(broker, options);
		this.workers.add(worker);
		worker.start();
		return worker;
	}

	private static WorkerOptions fast() {
		return WorkerOptions.defaults().withWorkerTimeout(Duration.ofMillis(100)).withThreads(2);
	}

	/** A Python example payload moved to this test's queue. */
	private byte[] python(String payload) {
		return payload.replace("\"queue_name\":\"default", "\"queue_name\":\"" + this.queue)
			.getBytes(StandardCharsets.UTF_8);
	}

	private Message add(Map<String, Object> options) {
		return new Message(this.queue, "add", List.of(1, 2), Map.of(), options, "6ff853a6-73d8-48ea-ac88-ff4e061adcc4",
				1795499148828L);
	}

	private GetResponse awaitMessage(String queueName) {
		GetResponse[] response = new GetResponse[1];
		await().atMost(WAIT).until(() -> (response[0] = admin.get(queueName)) != null);
		return response[0];
	}

	@Test
	void declaringAQueueCreatesExactlyPythonsThreeQueues() throws IOException {
		// Given a broker with default options and an actor on a fresh queue
		RabbitmqBroker broker = broker();
		declare(broker, "add");
		// When the broker first uses the queue
		broker.enqueue(add(Map.of()));
		// I expect Q, Q.DQ and Q.XQ, durable classic queues with Python's exact arguments
		assertThat(queueRows()).containsExactlyInAnyOrder(
				queueRow(this.queue,
						List.of(List.of("x-dead-letter-exchange", "longstr", ""),
								List.of("x-dead-letter-routing-key", "longstr", this.queue + ".XQ"))),
				queueRow(this.queue + ".DQ",
						List.of(List.of("x-dead-letter-exchange", "longstr", ""),
								List.of("x-dead-letter-routing-key", "longstr", this.queue + ".XQ"))),
				queueRow(this.queue + ".XQ", List.of(List.of("x-message-ttl", "signedint", 604800000))));
		// and Python, declaring the same queues after Java, to succeed
		assertThatNoException().isThrownBy(() -> admin.declareAsPython(this.queue, null));
	}

	@Test
	void withMaxPriorityOnlyTheQueueAndItsDelayQueueGetXMaxPriority() throws IOException {
		RabbitmqBroker broker = broker(RabbitmqBrokerOptions.defaults().withMaxPriority(10));
		declare(broker, "add");
		broker.enqueue(add(Map.of()));
		List<List<Object>> arguments = List.of(List.of("x-dead-letter-exchange", "longstr", ""),
				List.of("x-dead-letter-routing-key", "longstr", this.queue + ".XQ"),
				List.of("x-max-priority", "signedint", 10));
		assertThat(queueRows()).containsExactlyInAnyOrder(queueRow(this.queue, arguments),
				queueRow(this.queue + ".DQ", arguments),
				queueRow(this.queue + ".XQ", List.of(List.of("x-message-ttl", "signedint", 604800000))));
		assertThatNoException().isThrownBy(() -> admin.declareAsPython(this.queue, 10));
	}

	@Test
	void javaUsesQueuesPythonDeclaredFirst() throws IOException {
		// Given queues Python declared, with and without max priority
		admin.declareAsPython(this.queue, 10);
		RabbitmqBroker broker = broker(RabbitmqBrokerOptions.defaults().withMaxPriority(10));
		declare(broker, "add");
		// I expect Java to declare them again without PRECONDITION_FAILED and publish
		broker.enqueue(add(Map.of()));
		assertThat(admin.messageCount(this.queue)).isOne();
		assertThat(broker.queueCounts(this.queue)).isEqualTo(new Broker.QueueCounts(1, 0, 0));
	}

	@Test
	void queueWithOtherArgumentsFailsWithAMessageNamingTheQueueBothArgumentSetsAndTheFix() throws IOException {
		// Given a queue Python declared with max_priority=10
		admin.declareAsPython(this.queue, 10);
		// When a Java broker without max priority publishes to it
		RabbitmqBroker broker = broker();
		declare(broker, "add");
		// I expect a failure that explains the mismatch and how to fix it
		assertThatExceptionOfType(QueueArgumentsMismatchException.class).isThrownBy(() -> broker.enqueue(add(Map.of())))
			.satisfies((ex) -> {
				assertThat(ex.queueName()).isEqualTo(this.queue);
				assertThat(ex.declaredArguments()).doesNotContainKey("x-max-priority");
				assertThat(ex.existingArguments()).containsEntry("x-max-priority", 10);
			})
			.withMessageContaining("Queue '" + this.queue + "' already exists on RabbitMQ with other arguments")
			.withMessageContaining(
					"this broker declares {x-dead-letter-exchange=, x-dead-letter-routing-key=" + this.queue + ".XQ}")
			.withMessageContaining("the existing queue has {x-dead-letter-exchange=, x-dead-letter-routing-key="
					+ this.queue + ".XQ, x-max-priority=10}")
			.withMessageContaining("'dramatiq.broker.rabbitmq.max-priority'")
			.withMessageContaining("rabbitmqctl delete_queue " + this.queue);
	}

	@Test
	void publishedMessageIsTheEncodedEnvelopeWithDeliveryModeTwoAndNoOtherProperty() throws IOException {
		RabbitmqBroker broker = broker();
		declare(broker, "add");
		broker.enqueue(add(Map.of()));
		GetResponse response = awaitMessage(this.queue);
		assertThat(response.getEnvelope().getExchange()).isEmpty();
		assertThat(response.getEnvelope().getRoutingKey()).isEqualTo(this.queue);
		assertThat(response.getBody()).isEqualTo(python(PYTHON_ADD));
		assertThat(response.getProps()).usingRecursiveComparison()
			.ignoringFields("bodySize")
			.isEqualTo(new AMQP.BasicProperties.Builder().deliveryMode(2).build());
	}

	@Test
	void brokerPriorityOptionBecomesTheAmqpPriority() throws IOException {
		RabbitmqBroker broker = broker();
		declare(broker, "add");
		broker.enqueue(add(Map.of("broker_priority", 3)));
		GetResponse response = awaitMessage(this.queue);
		assertThat(response.getProps()).usingRecursiveComparison()
			.ignoringFields("bodySize")
			.isEqualTo(new AMQP.BasicProperties.Builder().deliveryMode(2).priority(3).build());
		assertThat(new String(response.getBody(), StandardCharsets.UTF_8))
			.contains("\"options\":{\"broker_priority\":3}");
	}

	@Test
	void pythonPublishedMessagesRunOnAJavaWorkerWithTheirArgsAndKwargs() throws IOException {
		// Given queues and two messages as Python publishes them
		admin.declareAsPython(this.queue, null);
		admin.publishAsPython(this.queue, python(PYTHON_ADD), null);
		admin.publishAsPython(this.queue, python(PYTHON_SAVE), null);
		// When a Java worker runs actors of the same names
		RabbitmqBroker broker = broker();
		declare(broker, "add");
		declare(broker, "save");
		Worker worker = startWorker(broker, fast());
		// I expect both to run with their arguments, and to be acked
		await().atMost(WAIT).until(() -> this.runs.size() == 2);
		// two worker threads: in either order
		assertThat(this.runs).containsExactlyInAnyOrder("add[1, 2]{}",
				"save[x]{user={id=7, tags=[a, b], active=true, nick=null}}");
		assertThat(worker.join(WAIT)).isTrue();
		worker.stop(Duration.ofSeconds(5));
		assertThat(broker.queueCounts(this.queue)).isEqualTo(new Broker.QueueCounts(0, 0, 0));
	}

	@Test
	void pythonDelayedMessageRunsOnAJavaWorkerNoEarlierThanItsEta() throws IOException {
		// Given a delayed message as Python publishes it: on Q.DQ with an eta 500 ms
		// ahead
		long eta = System.currentTimeMillis() + 500;
		admin.declareAsPython(this.queue, null);
		String delayed = PYTHON_ADD.replace("\"queue_name\":\"default\"", "\"queue_name\":\"default.DQ\"")
			.replace("\"options\":{}", "\"options\":{\"eta\":" + eta + "}");
		admin.publishAsPython(this.queue + ".DQ", python(delayed), null);
		// When a Java worker with Python's default worker timeout (1 s) runs
		List<Long> ranAt = new CopyOnWriteArrayList<>();
		RabbitmqBroker broker = broker();
		broker.declareActor(new ActorDefinition("add", this.queue, 0, Map.of(), (args, kwargs) -> {
			ranAt.add(System.currentTimeMillis());
			return null;
		}));
		startWorker(broker, WorkerOptions.defaults().withThreads(1));
		// I expect it to run after its eta and within two worker timeouts of it
		await().atMost(WAIT).until(() -> ranAt.size() == 1);
		assertThat(ranAt.get(0)).isBetween(eta, eta + 2000);
		await().atMost(WAIT).until(() -> broker.queueCounts(this.queue).equals(new Broker.QueueCounts(0, 0, 0)));
	}

	@Test
	void delayedMessageLandsInTheDelayQueueWithAnEtaAsPythonPublishesIt() throws IOException {
		RabbitmqBroker broker = broker();
		declare(broker, "add");
		long before = System.currentTimeMillis();
		Message enqueued = broker.enqueue(add(Map.of()), Duration.ofMillis(500));
		long after = System.currentTimeMillis();
		GetResponse response = awaitMessage(this.queue + ".DQ");
		assertThat(response.getEnvelope().getRoutingKey()).isEqualTo(this.queue + ".DQ");
		assertThat(response.getProps()).usingRecursiveComparison()
			.ignoringFields("bodySize")
			.isEqualTo(new AMQP.BasicProperties.Builder().deliveryMode(2).build());
		long eta = ((Number) enqueued.option("eta")).longValue();
		assertThat(eta).isBetween(before + 500, after + 500);
		String expected = PYTHON_ADD.replace("\"queue_name\":\"default\"", "\"queue_name\":\"default.DQ\"")
			.replace("\"options\":{}", "\"options\":{\"eta\":" + eta + "}");
		assertThat(response.getBody()).isEqualTo(python(expected));
	}

	@Test
	void dueDelayedMessageMovesToTheQueueKeepingItsIdTimestampOptionsAndPriority() throws IOException {
		// Given a worker that records what it receives from RabbitMQ
		RabbitmqBroker broker = broker(RabbitmqBrokerOptions.defaults().withMaxPriority(10));
		declare(broker, "add");
		List<RabbitmqDelivery> received = new CopyOnWriteArrayList<>();
		broker.addMiddleware(new Middleware() {
			@Override
			public void beforeProcessMessage(Broker b, MessageProxy message) {
				received.add((RabbitmqDelivery) message.delivery());
			}
		});
		startWorker(broker, fast());
		// When a message with a priority and a custom option is delayed
		Map<String, Object> options = Map.of("broker_priority", 7, "x_custom", Map.of("a", List.of(1)));
		Message sent = broker.enqueue(add(options), Duration.ofMillis(200));
		// I expect the copy on Q to keep everything but the eta, and the AMQP priority
		await().atMost(WAIT).until(() -> received.size() == 1);
		RabbitmqDelivery moved = received.get(0);
		assertThat(moved.queueName()).isEqualTo(this.queue);
		assertThat(moved.message()).isEqualTo(add(sent.withoutOption("eta").options()));
		assertThat(moved.message().options()).containsOnlyKeys("broker_priority", "x_custom");
		assertThat(moved.properties().getPriority()).isEqualTo(7);
		await().atMost(WAIT).until(() -> broker.queueCounts(this.queue).equals(new Broker.QueueCounts(0, 0, 0)));
	}

	@Test
	void messageForAnUnregisteredActorIsDeadLetteredAsRejected() throws IOException {
		RabbitmqBroker broker = broker();
		declare(broker, "known");
		startWorker(broker, fast());
		admin.declareAsPython(this.queue, null);
		admin.publishAsPython(this.queue, python(PYTHON_ADD), null);
		GetResponse dead = awaitMessage(this.queue + ".XQ");
		assertThat(dead.getBody()).isEqualTo(python(PYTHON_ADD));
		Map<String, Object> headers = dead.getProps().getHeaders();
		assertThat(headers.get("x-first-death-reason")).hasToString("rejected");
		assertThat(headers.get("x-first-death-queue")).hasToString(this.queue);
		assertThat(headers.get("x-first-death-exchange")).hasToString("");
		assertThat(headers.get("x-death")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
			.singleElement()
			.satisfies((death) -> {
				Map<?, ?> entry = (Map<?, ?>) death;
				assertThat(entry.get("reason")).hasToString("rejected");
				assertThat(entry.get("queue")).hasToString(this.queue);
				assertThat(entry.get("count")).isEqualTo(1L);
			});
	}

	@Test
	void actorFailingWithMaxRetriesZeroIsDeadLetteredWithTheBodyItWasDeliveredWith() throws IOException {
		// Given the Retries middleware and an actor that always fails
		RabbitmqBroker broker = broker();
		broker.addMiddleware(new Retries());
		broker.declareActor(new ActorDefinition("add", this.queue, 0, Map.of(), (args, kwargs) -> {
			throw new IllegalStateException("boom");
		}));
		startWorker(broker, fast());
		// When a message allowing no retry is sent
		broker.enqueue(add(Map.of("max_retries", 0)));
		// I expect it dead-lettered exactly as it was delivered
		GetResponse dead = awaitMessage(this.queue + ".XQ");
		assertThat(dead.getBody())
			.isEqualTo(python(PYTHON_ADD.replace("\"options\":{}", "\"options\":{\"max_retries\":0}")));
		assertThat(dead.getProps().getHeaders().get("x-first-death-reason")).hasToString("rejected");
	}

	@Test
	void failedMessageIsRetriedThroughTheDelayQueue() {
		// Given the Retries middleware and an actor that fails on its first run only
		RabbitmqBroker broker = broker();
		broker.addMiddleware(new Retries());
		List<Object> attempts = new CopyOnWriteArrayList<>();
		broker.declareActor(new ActorDefinition("add", this.queue, 0, Map.of(), (args, kwargs) -> {
			attempts.add(args);
			if (attempts.size() == 1) {
				throw new IllegalStateException("first time");
			}
			return null;
		}));
		startWorker(broker, fast());
		// When a message with one retry and a short backoff is sent
		broker.enqueue(add(Map.of("max_retries", 1, "min_backoff", 10, "max_backoff", 10)));
		// I expect it to run twice and nothing to be left or dead-lettered
		await().atMost(WAIT).until(() -> attempts.size() == 2);
		await().atMost(WAIT).until(() -> broker.queueCounts(this.queue).equals(new Broker.QueueCounts(0, 0, 0)));
	}

	@Test
	void undecodableBodiesAreDeadLetteredUnchangedAndTheWorkerGoesOn() throws IOException {
		RabbitmqBroker broker = broker();
		declare(broker, "add");
		admin.declareAsPython(this.queue, null);
		byte[] notJson = "not json".getBytes(StandardCharsets.UTF_8);
		byte[] extraKey = python(PYTHON_ADD.substring(0, PYTHON_ADD.length() - 1) + ",\"extra\":1}");
		admin.publishAsPython(this.queue, notJson, null);
		admin.publishAsPython(this.queue, extraKey, null);
		admin.publishAsPython(this.queue, python(PYTHON_ADD), null);
		startWorker(broker, fast());
		await().atMost(WAIT).until(() -> this.runs.size() == 1 && admin.messageCount(this.queue + ".XQ") == 2);
		assertThat(awaitMessage(this.queue + ".XQ").getBody()).isEqualTo(notJson);
		assertThat(awaitMessage(this.queue + ".XQ").getBody()).isEqualTo(extraKey);
	}

	@Test
	void consumersUsePythonsPrefetchPerQueue() {
		RabbitmqBroker broker = broker();
		declare(broker, "add");
		Worker worker = startWorker(broker, WorkerOptions.defaults().withThreads(8));
		await().atMost(WAIT)
			.until(() -> Rabbitmqctl.consumers(this.queue).size() == 1
					&& Rabbitmqctl.consumers(this.queue + ".DQ").size() == 1);
		assertThat(Rabbitmqctl.consumers(this.queue)).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("prefetch_count", 16));
		assertThat(Rabbitmqctl.consumers(this.queue + ".DQ")).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("prefetch_count", 8000));
		worker.stop(Duration.ofSeconds(5));
		// as with dramatiq_queue_prefetch=3
		startWorker(broker, WorkerOptions.defaults().withThreads(8).withQueuePrefetch(3));
		await().atMost(WAIT).until(() -> Rabbitmqctl.consumers(this.queue).size() == 1);
		assertThat(Rabbitmqctl.consumers(this.queue)).singleElement()
			.satisfies((row) -> assertThat(row).containsEntry("prefetch_count", 3));
	}

	@Test
	void gracefulStopLeavesPrefetchedMessagesReadyAndNoneDeadLettered() throws Exception {
		// Given one worker thread busy and five messages prefetched
		CountDownLatch started = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		RabbitmqBroker broker = broker();
		broker.declareActor(new ActorDefinition("slow", this.queue, 0, Map.of(), (args, kwargs) -> {
			started.countDown();
			release.await(30, TimeUnit.SECONDS);
			return null;
		}));
		declare(broker, "add");
		Worker worker = startWorker(broker, fast().withThreads(1).withQueuePrefetch(10));
		broker.enqueue(Message.create(this.queue, "slow", List.of(), Map.of(), Map.of()));
		assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
		for (int i = 0; i < 5; i++) {
			broker.enqueue(add(Map.of()));
		}
		await().atMost(WAIT).until(() -> broker.queueCounts(this.queue).ready() == 0);
		// When it stops gracefully (the actor finishing once the stop is under way)
		Thread stopper = new Thread(() -> worker.stop(Duration.ofSeconds(10)));
		stopper.start();
		await().atMost(WAIT).until(() -> stopper.getState() == Thread.State.TIMED_WAITING);
		release.countDown();
		stopper.join(20_000);
		// I expect the five back in the queue, redelivered, and nothing dead-lettered
		assertThat(admin.messageCount(this.queue)).isEqualTo(5);
		assertThat(admin.messageCount(this.queue + ".XQ")).isZero();
		assertThat(admin.get(this.queue).getEnvelope().isRedeliver()).isTrue();
	}

	@Test
	void confirmedPublishDeclaresTheQueuesAgainAfterTheQueueWasDeleted() throws IOException {
		// Given a broker with publisher confirms, the default, that already used its
		// queue
		RabbitmqBroker broker = broker();
		assertThat(broker.options().confirmDelivery()).isTrue();
		declare(broker, "add");
		broker.enqueue(add(Map.of()));
		// When the queues are deleted on the server
		admin.deleteQueues(this.queue);
		// I expect the next publish to come back unroutable, declare them again and land
		broker.enqueue(add(Map.of()));
		assertThat(admin.messageCount(this.queue)).isOne();
		assertThat(admin.messageCount(this.queue + ".DQ")).isZero();
		assertThat(admin.messageCount(this.queue + ".XQ")).isZero();
	}

	@Test
	void brokerPriorityDeliversHigherPriorityFirstWithMaxPriorityTen() {
		// Given 20 messages with broker_priority 0, then 20 with 9, queued before any
		// worker runs
		RabbitmqBroker broker = broker(RabbitmqBrokerOptions.defaults().withMaxPriority(10));
		declare(broker, "add");
		List<Message> messages = new ArrayList<>();
		for (int priority : new int[] { 0, 9 }) {
			for (int i = 0; i < 20; i++) {
				messages.add(Message.create(this.queue, "add", List.of(priority), Map.of(),
						Map.of("broker_priority", priority)));
			}
		}
		broker.enqueueAll(messages);
		// When one worker thread with prefetch 1 runs them
		startWorker(broker, fast().withThreads(1).withQueuePrefetch(1));
		// I expect the priority 9 ones first
		await().atMost(WAIT).until(() -> this.runs.size() == 40);
		assertThat(this.runs.subList(0, 20)).containsOnly("add[9]{}");
		assertThat(this.runs.subList(20, 40)).containsOnly("add[0]{}");
	}

	@Test
	void reachabilityReflectsWhetherRabbitmqAnswers() {
		assertThat(broker().isReachable()).isTrue();
		CachingConnectionFactory nowhere = new CachingConnectionFactory("127.0.0.1", 1);
		try (RabbitmqBroker unreachable = new RabbitmqBroker(nowhere, new JsonMessageEncoder())) {
			assertThat(unreachable.isReachable()).isFalse();
		}
		finally {
			nowhere.destroy();
		}
	}

	private static Map<String, Object> queueRow(String name, List<List<Object>> arguments) {
		return Map.of("name", name, "durable", true, "auto_delete", false, "exclusive", false, "arguments",
				Set.copyOf(arguments));
	}

	/**
	 * {@code list_queues} rows with the arguments as a set: RabbitMQ lists them in no set
	 * order.
	 */
	private List<Map<String, Object>> queueRows() {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (Map<String, Object> row : Rabbitmqctl.queues(this.queue)) {
			Map<String, Object> normalized = new LinkedHashMap<>(row);
			normalized.put("arguments", Set.copyOf((List<?>) row.get("arguments")));
			rows.add(normalized);
		}
		return rows;
	}

}
