package io.dramatiq.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.broker.rabbitmq.RabbitmqBrokerOptions;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.DefaultMiddleware;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * Enqueue and drain throughput of the RabbitMQ broker against a local RabbitMQ.
 * <p>
 * Enqueue: {@code -Dmessages} (20,000) messages of a one-argument actor, sent through
 * {@code RabbitmqBroker.enqueue} with and without publisher confirms, and through
 * {@code enqueueAll} in batches of {@code -Dbatch} (500) with confirms, by one thread and
 * by {@code -Dproducers} (8) threads. Without confirms the rate until RabbitMQ held every
 * message (its queue's count) is printed too. Drain: {@code -Ddrain} (50,000) messages
 * are queued first, then a {@link Worker} with {@code -Dthreads} (8) threads and a no-op
 * actor is started and timed until it ran them all. Brokers carry Python's default
 * middleware (age limit, time limit, shutdown notifications, callbacks, pipelines,
 * retries), as a Python process has; the worker's prefetch is Python's default (twice the
 * threads) unless {@code -Dprefetch} is set. Each phase gives up after
 * {@code -DtimeLimit} seconds (120). Queues are named {@code bench_<random>} and deleted
 * at the end.
 * <p>
 * Run: {@code ./mvnw -B -ntp -pl benchmarks -am package -DskipTests} then
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.dramatiq.benchmarks.RabbitmqBenchmark}.
 */
public final class RabbitmqBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(RabbitmqBenchmark.class);

	private static final String HOST = System.getProperty("host", "127.0.0.1");

	private static final int PORT = Integer.getInteger("port", 5672);

	private static final int MESSAGES = Integer.getInteger("messages", 20_000);

	private static final int PRODUCERS = Integer.getInteger("producers", 8);

	private static final int BATCH = Integer.getInteger("batch", 500);

	private static final int DRAIN = Integer.getInteger("drain", 50_000);

	private static final int THREADS = Integer.getInteger("threads", 8);

	// 0: Python's default, twice the threads
	private static final int PREFETCH = Integer.getInteger("prefetch", 0);

	private static final long TIME_LIMIT_SECONDS = Long.getLong("timeLimit", 120);

	private RabbitmqBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		String queue = "bench_" + UUID.randomUUID().toString().substring(0, 8);
		CachingConnectionFactory connectionFactory = new CachingConnectionFactory(HOST, PORT);
		connectionFactory.setUsername(System.getProperty("username", "guest"));
		connectionFactory.setPassword(System.getProperty("password", "guest"));
		System.out.printf("RabbitMQ at %s:%d, queue %s, %d cores, Java %s%n", HOST, PORT, queue,
				Runtime.getRuntime().availableProcessors(), Runtime.version());
		try {
			for (boolean confirms : new boolean[] { false, true }) {
				for (int producers : new int[] { 1, PRODUCERS }) {
					Rates rates = enqueue(connectionFactory, queue, confirms, producers, 1);
					System.out.printf("enqueue     confirms=%-5s producers=%d  %,9d msgs  %,9.0f msg/s%s%n", confirms,
							producers, MESSAGES, rates.returned(), confirms ? ""
									: String.format("  (%,.0f msg/s until RabbitMQ held them all)", rates.stored()));
				}
			}
			for (int producers : new int[] { 1, PRODUCERS }) {
				Rates rates = enqueue(connectionFactory, queue, true, producers, BATCH);
				System.out.printf("enqueueAll  confirms=true  producers=%d  %,9d msgs  %,9.0f msg/s  (batches of %d)%n",
						producers, MESSAGES, rates.returned(), BATCH);
			}
			double rate = drain(connectionFactory, queue);
			System.out.printf("drain    threads=%d prefetch=%d  %,9d msgs  %,9.0f msg/s%n", THREADS,
					options().effectiveQueuePrefetch(), DRAIN, rate);
		}
		finally {
			deleteQueues(connectionFactory, queue);
			connectionFactory.destroy();
		}
	}

	private static RabbitmqBroker broker(CachingConnectionFactory connectionFactory, String queue, boolean confirms) {
		RabbitmqBroker broker = new RabbitmqBroker(connectionFactory, new JsonMessageEncoder(),
				RabbitmqBrokerOptions.defaults().withConfirmDelivery(confirms));
		DefaultMiddleware.create().forEach(broker::addMiddleware);
		broker.declareActor(new ActorDefinition("noop", queue, 0, Map.of(), (a, k) -> null));
		return broker;
	}

	/**
	 * Enqueue {@link #MESSAGES} messages from {@code producers} threads, one at a time
	 * ({@code batch} 1) or with {@code enqueueAll}, and return the rate at which the
	 * calls returned and the rate until RabbitMQ held every message; the queue is purged
	 * afterwards.
	 */
	private static Rates enqueue(CachingConnectionFactory connectionFactory, String queue, boolean confirms,
			int producers, int batch) throws Exception {
		try (RabbitmqBroker broker = broker(connectionFactory, queue, confirms)) {
			// warm up the connection, the channels and the JIT
			sendAll(broker, queue, producers, Math.min(2_000, MESSAGES), batch);
			broker.flush(queue);
			long start = System.nanoTime();
			sendAll(broker, queue, producers, MESSAGES, batch);
			double returned = (System.nanoTime() - start) / 1e9;
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIME_LIMIT_SECONDS);
			while (broker.queueCounts(queue).ready() < MESSAGES && System.nanoTime() < deadline) {
				TimeUnit.MILLISECONDS.sleep(5);
			}
			double stored = (System.nanoTime() - start) / 1e9;
			broker.flush(queue);
			return new Rates(MESSAGES / returned, MESSAGES / stored);
		}
	}

	private static void sendAll(RabbitmqBroker broker, String queue, int producers, int count, int batch)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(producers);
		try {
			AtomicLong next = new AtomicLong();
			List<Future<?>> results = new ArrayList<>();
			for (int p = 0; p < producers; p++) {
				results.add(executor.submit(() -> {
					List<Message> messages = new ArrayList<>(batch);
					long i;
					while ((i = next.getAndIncrement()) < count) {
						Message message = Message.create(queue, "noop", List.of(i), Map.of(), Map.of());
						if (batch == 1) {
							broker.enqueue(message);
							continue;
						}
						messages.add(message);
						if (messages.size() == batch) {
							broker.enqueueAll(messages);
							messages.clear();
						}
					}
					if (!messages.isEmpty()) {
						broker.enqueueAll(messages);
					}
					return null;
				}));
			}
			for (Future<?> result : results) {
				result.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * Queue {@link #DRAIN} messages, then time a worker running them all.
	 */
	private static double drain(CachingConnectionFactory connectionFactory, String queue) throws Exception {
		try (RabbitmqBroker broker = broker(connectionFactory, queue, true)) {
			sendAll(broker, queue, PRODUCERS, DRAIN, BATCH);
			CountDownLatch done = new CountDownLatch(DRAIN);
			RabbitmqBroker consuming = new RabbitmqBroker(connectionFactory, new JsonMessageEncoder());
			DefaultMiddleware.create().forEach(consuming::addMiddleware);
			consuming.declareActor(new ActorDefinition("noop", queue, 0, Map.of(), (a, k) -> {
				done.countDown();
				return null;
			}));
			Worker worker = new Worker(consuming, options());
			long start = System.nanoTime();
			worker.start();
			try {
				if (!done.await(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
					logger.warn("Drain did not finish within {} s: {} messages left.", TIME_LIMIT_SECONDS,
							done.getCount());
				}
				double seconds = (System.nanoTime() - start) / 1e9;
				return (DRAIN - done.getCount()) / seconds;
			}
			finally {
				worker.stop(Duration.ofSeconds(10));
				consuming.close();
			}
		}
	}

	private static WorkerOptions options() {
		return WorkerOptions.defaults().withThreads(THREADS).withQueuePrefetch(PREFETCH);
	}

	private record Rates(double returned, double stored) {
	}

	private static void deleteQueues(CachingConnectionFactory connectionFactory, String queue) throws Exception {
		Connection connection = connectionFactory.createConnection().getDelegate();
		try (Channel channel = connection.createChannel()) {
			for (String name : List.of(queue, queue + ".DQ", queue + ".XQ")) {
				channel.queueDelete(name);
			}
		}
	}

}
