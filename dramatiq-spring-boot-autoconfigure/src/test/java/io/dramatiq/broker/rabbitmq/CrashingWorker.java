package io.dramatiq.broker.rabbitmq;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;

/**
 * The child JVM of {@link WorkerCrashIntegrationTests}: a RabbitMQ broker and a worker of
 * 8 threads on the queue given as first argument, whose actor {@code record} works 20 ms
 * and then prints {@code ran <i>} for its argument {@code i}. The line is written to the
 * pipe before the message is acknowledged, so the test sees every run even when it kills
 * this process right after. It prints {@code ready} once its worker started and stops
 * when standard input ends.
 */
public final class CrashingWorker {

	private CrashingWorker() {
	}

	/**
	 * Run the worker until standard input ends.
	 * @param args the queue name
	 * @throws Exception when RabbitMQ cannot be reached
	 */
	public static void main(String[] args) throws Exception {
		CachingConnectionFactory connectionFactory = RabbitmqAdmin.connectionFactory("dramatiq-crashing-worker");
		RabbitmqBroker broker = new RabbitmqBroker(connectionFactory, new JsonMessageEncoder());
		try {
			broker.declareActor(new ActorDefinition("record", args[0], 0, Map.of(), (arguments, kwargs) -> {
				// the actor's work, so that messages are in flight when the process dies
				TimeUnit.MILLISECONDS.sleep(20);
				System.out.println("ran " + arguments.get(0));
				return null;
			}));
			Worker worker = new Worker(broker, WorkerOptions.defaults().withThreads(8));
			worker.start();
			System.out.println("ready");
			BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			while (input.readLine() != null) {
				// run until the test closes standard input
			}
			worker.stop(Duration.ofSeconds(5));
		}
		finally {
			broker.close();
			connectionFactory.destroy();
		}
	}

}
