package io.dramatiq.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.broker.rabbitmq.RabbitmqBrokerOptions;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.redis.RedisBrokerOptions;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A worker process of the {@link FaultSuite}, which the suite may {@code kill -9}: a
 * broker on the given host and port and a worker of 8 threads running the actor
 * {@code record}, which works for a while and then counts its run of message {@code i}
 * (its only argument) with {@code HINCRBY <record key> i 1} on the Redis at
 * 127.0.0.1:6379. That count is written before the message is acknowledged, so a run
 * survives the process being killed right after it. It prints {@code ready} once its
 * worker started, and stops its worker when standard input says {@code quit} or ends.
 * Errors are logged to standard error.
 * <p>
 * Arguments:
 * {@code rabbitmq|redis|redis-cluster <host> <port> <queue> <namespace> <record key>
 * <heartbeat timeout ms> <work ms>}. For {@code redis-cluster}, host and port are those
 * of the first of six nodes on consecutive ports, connected as
 * {@code spring.data.redis.cluster.nodes} would be, with Spring Boot's default of no
 * topology refresh ({@code -DclusterRefresh=adaptive} turns it on, see
 * {@link RedisClusterFaultTarget#connectionFactory}).
 */
public final class FaultWorker {

	/** The actor every good message of the suite is sent to. */
	static final String ACTOR = "record";

	private FaultWorker() {
	}

	/**
	 * Run the worker until told to quit.
	 * @param args see the class description
	 * @throws Exception when the broker cannot be reached
	 */
	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		String host = args[1];
		int port = Integer.parseInt(args[2]);
		String queue = args[3];
		String recordKey = args[5];
		long workMillis = Long.parseLong(args[7]);
		RedisClient recordClient = RedisClient.create("redis://127.0.0.1:6379");
		StatefulRedisConnection<String, String> recordConnection = recordClient.connect();
		RedisCommands<String, String> records = recordConnection.sync();
		CachingConnectionFactory rabbitmq = null;
		LettuceConnectionFactory redis = null;
		Broker broker;
		if ("rabbitmq".equals(args[0])) {
			rabbitmq = new CachingConnectionFactory(host, port);
			rabbitmq.setUsername("guest");
			rabbitmq.setPassword("guest");
			broker = new RabbitmqBroker(rabbitmq, new JsonMessageEncoder(), RabbitmqBrokerOptions.defaults());
		}
		else {
			if ("redis-cluster".equals(args[0])) {
				redis = RedisClusterFaultTarget.connectionFactory(host, port);
			}
			else {
				redis = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
				redis.afterPropertiesSet();
				redis.start();
			}
			broker = new RedisBroker(redis, new JsonMessageEncoder(),
					RedisBrokerOptions.defaults()
						.withNamespace(args[4])
						.withHeartbeatTimeout(Duration.ofMillis(Long.parseLong(args[6]))));
		}
		Bench.withMiddleware(broker);
		try {
			broker.declareActor(new ActorDefinition(ACTOR, queue, 0, Map.of(), (arguments, kwargs) -> {
				if (workMillis > 0) {
					// the actor's work, so that the fault lands while messages are in
					// flight
					TimeUnit.MILLISECONDS.sleep(workMillis);
				}
				records.hincrby(recordKey, String.valueOf(arguments.get(0)), 1);
				return null;
			}));
			Worker worker = new Worker(broker, WorkerOptions.defaults().withThreads(8));
			worker.start();
			System.out.println("ready");
			BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			String command;
			while ((command = commands.readLine()) != null && !command.equals("quit")) {
				// nothing else to do: the worker runs on its own threads
			}
			worker.stop(Duration.ofSeconds(10));
		}
		finally {
			broker.close();
			if (rabbitmq != null) {
				rabbitmq.destroy();
			}
			if (redis != null) {
				redis.destroy();
			}
			recordConnection.close();
			recordClient.shutdown();
		}
	}

}
