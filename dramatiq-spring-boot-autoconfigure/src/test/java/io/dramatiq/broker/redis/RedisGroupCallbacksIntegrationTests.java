package io.dramatiq.broker.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.composition.Group;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.GroupCallbacks;
import io.dramatiq.ratelimit.redis.RedisRateLimiterBackend;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A group with a completion callback on the Redis broker, with the barrier where Python
 * keeps it (spec §8.10, §11.5, C68).
 */
class RedisGroupCallbacksIntegrationTests extends AbstractRedisIntegrationTests {

	private final List<String> barrierKeys = new CopyOnWriteArrayList<>();

	@AfterEach
	void deleteBarrier() {
		// barrier keys are not namespaced, as in Python
		redis().delete(this.barrierKeys);
	}

	@Test
	void completionCallbackRunsOnceAfterTheThirdChild() {
		// Given a Redis broker with GroupCallbacks and a group of three with a callback
		RedisBroker broker = broker();
		broker.addMiddleware(new GroupCallbacks(new RedisRateLimiterBackend(support().connectionFactory())));
		List<Message> enqueued = new CopyOnWriteArrayList<>();
		broker.addMiddleware(new Middleware() {
			@Override
			public void afterEnqueue(Broker b, Message message, Duration delay) {
				enqueued.add(message);
			}
		});
		List<String> runs = new CopyOnWriteArrayList<>();
		declare(broker, "default", "child", (args, kwargs) -> runs.add("child" + args));
		declare(broker, "default", "done",
				(args, kwargs) -> runs.add("done " + org.slf4j.MDC.get("dramatiq_message_id")));
		Message done = Message.create("default", "done", List.of(), Map.of(), Map.of());
		Group group = Group
			.of(broker, Message.create("default", "child", List.of(1), Map.of(), Map.of()),
					Message.create("default", "child", List.of(2), Map.of(), Map.of()),
					Message.create("default", "child", List.of(3), Map.of(), Map.of()))
			.withCompletionCallback(done);
		// When it runs
		group.run();
		String uuid = (String) enqueued.get(0).option(GroupCallbacks.GROUP_COMPLETION_UUID);
		this.barrierKeys.add(uuid);
		this.barrierKeys.add(uuid + "@events");
		// I expect a barrier of three parties living one day
		assertThat(redis().opsForValue().get(uuid)).isEqualTo("3");
		assertThat(redis().getExpire(uuid, TimeUnit.MILLISECONDS)).isBetween(86_400_000L - 10_000, 86_400_000L);
		// and, once the children ran, the callback to run once with its own id
		startWorker(broker, WorkerOptions.defaults().withThreads(2));
		await().atMost(WAIT).until(() -> runs.size() == 4);
		assertThat(runs).last().isEqualTo("done " + done.messageId());
		assertThat(enqueued.stream().filter((m) -> m.actorName().equals("done"))).singleElement()
			.satisfies((m) -> assertThat(m.messageId()).isEqualTo(done.messageId()));
		assertThat(redis().opsForList().range(uuid + "@events", 0, -1)).containsExactly("x");
		assertThat(redis().opsForValue().get(uuid)).isEqualTo("1");
	}

}
