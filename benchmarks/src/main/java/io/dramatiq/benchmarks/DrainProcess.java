package io.dramatiq.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A worker process for {@link MultiProcessDrain}: a broker of the given kind on the given
 * queue (and Redis namespace), and a worker of 8 threads running a no-op actor that
 * counts its runs. Driven through standard input, one command a line: {@code go} starts a
 * worker, {@code stop} stops it and answers {@code stopped}, {@code quit} ends the
 * process. It prints {@code ready} once connected and {@code ran <count>} whenever its
 * count moved, at most every 5 ms.
 * <p>
 * Arguments: {@code rabbitmq|redis <queue> [<namespace>]}.
 */
public final class DrainProcess {

	private DrainProcess() {
	}

	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		String queue = args[1];
		CachingConnectionFactory rabbitmq = null;
		LettuceConnectionFactory redis = null;
		Broker broker;
		if ("rabbitmq".equals(args[0])) {
			rabbitmq = RabbitmqTarget.connectionFactory();
			broker = RabbitmqTarget.broker(rabbitmq, true);
		}
		else {
			redis = RedisTarget.connectionFactory();
			broker = RedisTarget.broker(redis, args[2]);
		}
		try {
			AtomicLong ran = new AtomicLong();
			broker.declareActor(new ActorDefinition("noop", queue, 0, Map.of(), (a, k) -> {
				ran.incrementAndGet();
				return null;
			}));
			Thread reporter = new Thread(() -> report(ran), "reporter");
			reporter.setDaemon(true);
			reporter.start();
			System.out.println("ready");
			BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			Worker worker = null;
			String command;
			while ((command = commands.readLine()) != null && !command.equals("quit")) {
				if (command.equals("go") && worker == null) {
					worker = new Worker(broker, WorkerOptions.defaults().withThreads(8));
					worker.start();
				}
				else if (command.equals("stop") && worker != null) {
					worker.stop(Duration.ofSeconds(10));
					worker = null;
					System.out.println("stopped");
				}
			}
			if (worker != null) {
				worker.stop(Duration.ofSeconds(10));
			}
		}
		finally {
			broker.close();
			if (rabbitmq != null) {
				rabbitmq.destroy();
			}
			if (redis != null) {
				redis.destroy();
			}
		}
	}

	private static void report(AtomicLong ran) {
		long reported = 0;
		while (true) {
			long count = ran.get();
			if (count != reported) {
				System.out.println("ran " + count);
				reported = count;
			}
			try {
				TimeUnit.MILLISECONDS.sleep(5);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

}
