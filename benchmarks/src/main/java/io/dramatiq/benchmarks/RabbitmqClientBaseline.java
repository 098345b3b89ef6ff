package io.dramatiq.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

/**
 * What the RabbitMQ client alone reaches on the same server, with the same messages
 * (persistent, a Dramatiq envelope as body, on a queue with Dramatiq's arguments), as the
 * bound the {@link Bench} figures of the RabbitMQ broker compare to: publishing with a
 * confirm awaited per message by 1 and by {@code -Dproducers} (8) threads (a channel
 * each), publishing a batch then awaiting its confirms, and draining with prefetch
 * {@code -Dprefetch} (16) and an ack per message sent from the delivery thread itself.
 * <p>
 * Run:
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.dramatiq.benchmarks.RabbitmqClientBaseline}.
 */
public final class RabbitmqClientBaseline {

	private static final byte[] BODY = ("{\"queue_name\":\"default\",\"actor_name\":\"add\",\"args\":[1,2],\"kwargs\":{},"
			+ "\"options\":{},\"message_id\":\"6ff853a6-73d8-48ea-ac88-ff4e061adcc4\",\"message_timestamp\":1795499148828}")
		.getBytes(StandardCharsets.UTF_8);

	private static final AMQP.BasicProperties PERSISTENT = new AMQP.BasicProperties.Builder().deliveryMode(2).build();

	private static final int MESSAGES = Integer.getInteger("messages", 20_000);

	private static final int PRODUCERS = Integer.getInteger("producers", 8);

	private static final int DRAIN = Integer.getInteger("drain", 50_000);

	private static final int PREFETCH = Integer.getInteger("prefetch", 16);

	private RabbitmqClientBaseline() {
	}

	public static void main(String[] args) throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost(System.getProperty("host", "127.0.0.1"));
		factory.setPort(Integer.getInteger("port", 5672));
		factory.setAutomaticRecoveryEnabled(false);
		String queue = "bench_raw_" + UUID.randomUUID().toString().substring(0, 8);
		try (Connection connection = factory.newConnection("dramatiq-benchmark-baseline");
				Connection consuming = factory.newConnection("dramatiq-benchmark-baseline-consumer")) {
			Channel admin = connection.createChannel();
			declareQueue(admin, queue);
			try {
				for (int producers : new int[] { 1, PRODUCERS }) {
					double rate = confirmEach(connection, queue, producers, MESSAGES);
					System.out.printf("client  confirm each   producers=%d  %,9d msgs  %,9.0f msg/s%n", producers,
							MESSAGES, rate);
					admin.queuePurge(queue);
				}
				System.out.printf("client  confirm batch  producers=1  %,9d msgs  %,9.0f msg/s%n", MESSAGES,
						confirmBatch(connection, queue, MESSAGES));
				admin.queuePurge(queue);
				confirmBatch(connection, queue, DRAIN);
				System.out.printf("client  drain  prefetch=%d ack in the delivery thread  %,9d msgs  %,9.0f msg/s%n",
						PREFETCH, DRAIN, drain(consuming, queue, DRAIN, PREFETCH));
			}
			finally {
				admin.queueDelete(queue);
			}
		}
	}

	/**
	 * Declare a durable queue with Dramatiq's arguments, as the broker declares one.
	 */
	static void declareQueue(Channel channel, String queue) throws IOException {
		channel.queueDeclare(queue, true, false, false,
				Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", queue + ".XQ"));
	}

	static double confirmEach(Connection connection, String queue, int producers, int count) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(producers);
		AtomicInteger next = new AtomicInteger();
		List<Future<?>> results = new ArrayList<>();
		long start = System.nanoTime();
		for (int p = 0; p < producers; p++) {
			results.add(executor.submit(() -> {
				try (Channel channel = connection.createChannel()) {
					channel.confirmSelect();
					while (next.getAndIncrement() < count) {
						channel.basicPublish("", queue, true, PERSISTENT, BODY);
						channel.waitForConfirmsOrDie(30_000);
					}
				}
				return null;
			}));
		}
		for (Future<?> result : results) {
			result.get(120, TimeUnit.SECONDS);
		}
		executor.shutdown();
		return count / ((System.nanoTime() - start) / 1e9);
	}

	static double confirmBatch(Connection connection, String queue, int count) throws Exception {
		return confirmBatches(connection, queue, count, count);
	}

	/**
	 * Publish in batches, awaiting each batch's confirms before the next, as
	 * {@code RabbitmqBroker.enqueueAll} does.
	 */
	static double confirmBatches(Connection connection, String queue, int count, int batch) throws Exception {
		try (Channel channel = connection.createChannel()) {
			channel.confirmSelect();
			long start = System.nanoTime();
			for (int i = 0; i < count; i++) {
				channel.basicPublish("", queue, true, PERSISTENT, BODY);
				if ((i + 1) % batch == 0 || i == count - 1) {
					channel.waitForConfirmsOrDie(120_000);
				}
			}
			return count / ((System.nanoTime() - start) / 1e9);
		}
	}

	static double drain(Connection connection, String queue, int count, int prefetch) throws Exception {
		CountDownLatch done = new CountDownLatch(count);
		Channel channel = connection.createChannel();
		channel.basicQos(prefetch);
		long start = System.nanoTime();
		channel.basicConsume(queue, false, new DefaultConsumer(channel) {
			@Override
			public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
					throws IOException {
				getChannel().basicAck(envelope.getDeliveryTag(), false);
				done.countDown();
			}
		});
		done.await(120, TimeUnit.SECONDS);
		double rate = (count - done.getCount()) / ((System.nanoTime() - start) / 1e9);
		channel.close();
		return rate;
	}

	/**
	 * Drain with {@code concurrency} channels of prefetch 2 on a connection of their own
	 * whose consumer threads do {@code work} before each ack: what a hand-written
	 * consumer with that many threads reaches.
	 */
	static double workDrain(String queue, int count, int concurrency, Runnable work) throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setAutomaticRecoveryEnabled(false);
		ExecutorService executor = Executors.newFixedThreadPool(concurrency);
		CountDownLatch done = new CountDownLatch(count);
		try (Connection connection = factory.newConnection(executor, "dramatiq-bench-plain-work")) {
			long start = System.nanoTime();
			for (int i = 0; i < concurrency; i++) {
				Channel channel = connection.createChannel();
				channel.basicQos(2);
				channel.basicConsume(queue, false, new DefaultConsumer(channel) {
					@Override
					public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties,
							byte[] body) throws IOException {
						work.run();
						getChannel().basicAck(envelope.getDeliveryTag(), false);
						done.countDown();
					}
				});
			}
			done.await(120, TimeUnit.SECONDS);
			return (count - done.getCount()) / ((System.nanoTime() - start) / 1e9);
		}
		finally {
			executor.shutdownNow();
		}
	}

}
