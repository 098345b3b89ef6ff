package io.dramatiq.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.dramatiq.message.Message;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead worker's unacked messages come back within the heartbeat timeout plus a few
 * seconds even when no command wins the maintenance draw: a live, idle worker runs
 * maintenance on a timer. Maintenance chance 0 proves the timer does it.
 */
class RedisMaintenanceTimerIntegrationTests extends AbstractRedisIntegrationTests {

	private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(2);

	@Test
	void anIdleWorkerRecoversTheMessagesOfADeadWorkerWithinTheHeartbeatTimeoutPlusAFewSeconds() {
		// Given 5 messages fetched by a broker that then died (no heartbeat, no ack)
		RedisBrokerOptions options = options().withMaintenanceChance(0).withHeartbeatTimeout(HEARTBEAT_TIMEOUT);
		RedisBroker producer = broker(options);
		for (int i = 0; i < 5; i++) {
			producer.enqueue(Message.create("orphans", "orphan", List.of(i), Map.of(), Map.of()));
		}
		RedisBrokerOptions deadOptions = options().withMaintenanceChance(0).withHeartbeatTimeout(HEARTBEAT_TIMEOUT);
		assertThat(dispatcher(deadOptions).fetch("orphans", 5)).hasSize(5);
		long died = System.nanoTime();
		String deadAcks = key("__acks__." + deadOptions.brokerId() + ".orphans");
		assertThat(redis().opsForSet().size(deadAcks)).isEqualTo(5);
		// When an idle worker that never wins the maintenance draw consumes the queue
		RedisBroker survivor = broker(options);
		Set<Object> ran = ConcurrentHashMap.newKeySet();
		declare(survivor, "orphans", "orphan", (args, kwargs) -> ran.add(args.get(0)));
		startWorker(survivor, WorkerOptions.defaults().withThreads(2));
		// Then it runs them all within the heartbeat timeout plus 3 s of the death
		await().atMost(HEARTBEAT_TIMEOUT.plusSeconds(3)).until(() -> ran.size() == 5);
		long recoveredMillis = (System.nanoTime() - died) / 1_000_000;
		assertThat(ran).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
		assertThat(redis().hasKey(deadAcks)).isFalse();
		System.out.println("Dead worker's messages recovered and run " + recoveredMillis + " ms after its last command"
				+ " (heartbeat timeout " + HEARTBEAT_TIMEOUT.toMillis() + " ms)");
	}

}
