package io.dramatiq.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.broker.rabbitmq.RabbitmqBrokerOptions;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The RabbitMQ broker with publisher confirms (our default), on 127.0.0.1:5672 (guest),
 * and the RabbitMQ Java client alone as its ceiling ({@link RabbitmqClientBaseline}).
 * Besides the common figures it measures {@code enqueue} without confirms (Python's
 * default) and {@link RabbitmqBroker#enqueueAll} in batches of {@code -Dbatch} (500),
 * each batch's confirms awaited together.
 */
final class RabbitmqTarget implements BenchTarget {

	private static final int BATCH = Integer.getInteger("batch", 500);

	private final CachingConnectionFactory connectionFactory = connectionFactory();

	private final RabbitmqBroker broker;

	private final RabbitmqBroker unconfirmed;

	private final Connection plain;

	private final Connection plainConsumer;

	private final String plainQueue = "bench_plain_" + UUID.randomUUID().toString().substring(0, 8);

	private final ProcessStats stats = ProcessStats.forServer("beam.smp", "");

	RabbitmqTarget() throws Exception {
		this.broker = broker(this.connectionFactory, true);
		this.unconfirmed = broker(this.connectionFactory, false);
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setAutomaticRecoveryEnabled(false);
		this.plain = factory.newConnection("dramatiq-bench-plain-client");
		this.plainConsumer = factory.newConnection("dramatiq-bench-plain-consumer");
		try (Channel channel = this.plain.createChannel()) {
			RabbitmqClientBaseline.declareQueue(channel, this.plainQueue);
		}
	}

	static CachingConnectionFactory connectionFactory() {
		CachingConnectionFactory connectionFactory = new CachingConnectionFactory("127.0.0.1", 5672);
		connectionFactory.setUsername("guest");
		connectionFactory.setPassword("guest");
		return connectionFactory;
	}

	/**
	 * Create a broker with Python's default middleware.
	 * @param connectionFactory where its connections come from
	 * @param confirms whether it waits for publisher confirms
	 * @return the broker
	 */
	static RabbitmqBroker broker(CachingConnectionFactory connectionFactory, boolean confirms) {
		return Bench.withMiddleware(new RabbitmqBroker(connectionFactory, new JsonMessageEncoder(),
				RabbitmqBrokerOptions.defaults().withConfirmDelivery(confirms)));
	}

	@Override
	public Broker broker() {
		return this.broker;
	}

	@Override
	public ProcessStats stats() {
		return this.stats;
	}

	/**
	 * Queue with {@code enqueueAll} in batches of 1,000: the fastest way in.
	 */
	@Override
	public void fill(String queue, int count) {
		enqueueAll(queue, count, 1000);
	}

	@Override
	public List<Bench.Figure> extraEnqueueFigures(String queue, int count) throws Exception {
		this.unconfirmed.declareQueue(queue);
		long start = System.nanoTime();
		Bench.sendAll(this.unconfirmed, queue, count);
		double unconfirmedRate = count / Bench.seconds(System.nanoTime() - start);
		this.broker.flush(queue);
		start = System.nanoTime();
		enqueueAll(queue, count, BATCH);
		double batchedRate = count / Bench.seconds(System.nanoTime() - start);
		this.broker.flush(queue);
		double plainBatched = RabbitmqClientBaseline.confirmBatches(this.plain, this.plainQueue, count, BATCH);
		purgePlainQueue();
		return List.of(
				new Bench.Figure("enqueueNoConfirms", Bench.PRODUCERS + " producer threads, without confirms",
						unconfirmedRate, 0),
				new Bench.Figure("enqueueAll", "1 thread, enqueueAll in batches of " + BATCH + ", confirms",
						batchedRate, plainBatched));
	}

	/**
	 * Send with {@code enqueueAll} in batches, from one thread: what a job sending many
	 * messages does.
	 */
	private void enqueueAll(String queue, int count, int batchSize) {
		List<Message> batch = new ArrayList<>(batchSize);
		for (int i = 0; i < count; i++) {
			batch.add(Bench.noop(queue, i));
			if (batch.size() == batchSize || i == count - 1) {
				this.broker.enqueueAll(batch);
				batch.clear();
			}
		}
	}

	@Override
	public List<String> drainProcessArguments(String queue) {
		return List.of("rabbitmq", queue);
	}

	@Override
	public double plainEnqueue(int count) throws Exception {
		double rate = RabbitmqClientBaseline.confirmEach(this.plain, this.plainQueue, Bench.PRODUCERS, count);
		purgePlainQueue();
		return rate;
	}

	@Override
	public void plainFill(int count) throws Exception {
		RabbitmqClientBaseline.confirmBatch(this.plain, this.plainQueue, count);
	}

	@Override
	public double plainDrain(int count) throws Exception {
		return RabbitmqClientBaseline.drain(this.plainConsumer, this.plainQueue, count, 16);
	}

	@Override
	public double plainWorkDrain(int count, int concurrency, Runnable work) throws Exception {
		return RabbitmqClientBaseline.workDrain(this.plainQueue, count, concurrency, work);
	}

	@Override
	public String plainDrainDescription() {
		return "prefetch 16, one ack per message from the delivery thread";
	}

	private void purgePlainQueue() throws Exception {
		try (Channel channel = this.plain.createChannel()) {
			channel.queuePurge(this.plainQueue);
		}
	}

	@Override
	public void close() throws Exception {
		this.broker.close();
		this.unconfirmed.close();
		try (Channel channel = this.plain.createChannel()) {
			for (String name : List.of(this.plainQueue, Bench.QUEUE, Bench.QUEUE + ".DQ", Bench.QUEUE + ".XQ")) {
				channel.queueDelete(name);
			}
		}
		this.plain.close();
		this.plainConsumer.close();
		this.connectionFactory.destroy();
	}

}
