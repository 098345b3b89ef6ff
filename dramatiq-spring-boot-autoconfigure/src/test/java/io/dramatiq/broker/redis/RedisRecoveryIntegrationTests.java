package io.dramatiq.broker.redis;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.dramatiq.message.Message;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker process killed with SIGKILL in the middle of its messages loses none of them:
 * they stay in its ack set, and once its heartbeat is older than the heartbeat timeout, a
 * live worker's maintenance puts them back on the queue and runs them (spec 4.5, as
 * Python Dramatiq). Maintenance is forced (chance 1000000 of 1000000) and the heartbeat
 * timeout is 1 s, so the test is deterministic and quick.
 */
class RedisRecoveryIntegrationTests extends AbstractRedisIntegrationTests {

	private Process process;

	@AfterEach
	void killProcess() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void messagesOfAWorkerKilledMidMessageAreRecoveredAndRunByAnotherWorker() throws Exception {
		// Given 8 messages of a slow actor
		RedisBroker broker = broker(
				options().withMaintenanceChance(1_000_000).withHeartbeatTimeout(Duration.ofSeconds(1)));
		for (int i = 0; i < 8; i++) {
			broker.enqueue(Message.create("slow_queue", "slow", List.of(i), Map.of(), Map.of()));
		}
		// and a worker process with 2 threads and prefetch 4 that started two of them
		String deadId = UUID.randomUUID().toString();
		List<String> output = new CopyOnWriteArrayList<>();
		this.process = startWorkerProcess(deadId, output);
		// a JVM starting on a busy machine may take a while
		await().atMost(Duration.ofSeconds(60))
			.until(() -> output.stream().filter((line) -> line.startsWith("STARTED")).count() == 2);
		String deadAcks = key("__acks__." + deadId + ".slow_queue");
		await().atMost(WAIT).until(() -> redis().opsForSet().size(deadAcks) == 4);
		assertThat(redis().opsForList().size(key("slow_queue"))).isEqualTo(4);
		// When it is killed with SIGKILL mid-message
		this.process.destroyForcibly();
		assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(redis().opsForSet().size(deadAcks)).isEqualTo(4);
		// and a live worker with forced maintenance consumes the queue
		Set<Object> ran = ConcurrentHashMap.newKeySet();
		declare(broker, "slow_queue", "slow", (args, kwargs) -> ran.add(args.get(0)));
		startWorker(broker, WorkerOptions.defaults().withThreads(2));
		// I expect every message to run, none lost
		await().atMost(WAIT).until(() -> ran.size() == 8);
		assertThat(ran).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
		await().atMost(WAIT).until(() -> !redis().hasKey(key("slow_queue.msgs")));
		// and the dead worker forgotten: its ack set and heartbeat gone
		assertThat(redis().hasKey(deadAcks)).isFalse();
		await().atMost(WAIT).until(() -> redis().opsForZSet().score(key("__heartbeats__"), deadId) == null);
	}

	private Process startWorkerProcess(String brokerId, List<String> output) throws IOException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				RedisRecoveryWorkerMain.class.getName(), RedisTestSupport.HOST, Integer.toString(RedisTestSupport.PORT),
				this.ns, brokerId, "slow_queue", "2", "4");
		builder.redirectErrorStream(true);
		Process started = builder.start();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					output.add(line);
				}
			}
			catch (IOException ex) {
				// the process was killed
			}
		}, "worker-process-output");
		reader.setDaemon(true);
		reader.start();
		return started;
	}

}
