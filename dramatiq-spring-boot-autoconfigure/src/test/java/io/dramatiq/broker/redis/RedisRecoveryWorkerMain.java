package io.dramatiq.broker.redis;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A worker process for {@link RedisRecoveryIntegrationTests}: it consumes a queue whose
 * actor never finishes, prints {@code STARTED <arg>} when a message starts, and waits to
 * be killed.
 * <p>
 * Arguments: host, port, namespace, broker id, queue, threads, prefetch.
 */
public final class RedisRecoveryWorkerMain {

	private RedisRecoveryWorkerMain() {
	}

	public static void main(String[] args) throws Exception {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(args[0], Integer.parseInt(args[1])));
		factory.afterPropertiesSet();
		factory.start();
		RedisBroker broker = new RedisBroker(factory, new JsonMessageEncoder(),
				RedisBrokerOptions.defaults()
					.withNamespace(args[2])
					.withBrokerId(args[3])
					.withHeartbeatTimeout(Duration.ofSeconds(1)));
		CountDownLatch never = new CountDownLatch(1);
		broker.declareActor(new ActorDefinition("slow", args[4], 0, Map.of(), (actorArgs, kwargs) -> {
			System.out.println("STARTED " + actorArgs.get(0));
			System.out.flush();
			never.await();
			return null;
		}));
		Worker worker = new Worker(broker,
				WorkerOptions.defaults()
					.withThreads(Integer.parseInt(args[5]))
					.withQueuePrefetch(Integer.parseInt(args[6]))
					.withWorkerTimeout(Duration.ofMillis(100)));
		worker.start();
		never.await();
	}

}
