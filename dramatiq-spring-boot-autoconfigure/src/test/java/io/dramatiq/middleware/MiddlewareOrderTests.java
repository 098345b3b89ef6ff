package io.dramatiq.middleware;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default middleware and the order of hooks (spec §8.1, §6.7).
 */
class MiddlewareOrderTests extends AbstractMiddlewareTests {

	@Test
	void defaultMiddlewareIsPythonsInPythonsOrder() {
		assertThat(DefaultMiddleware.create()).extracting((m) -> m.getClass().getSimpleName())
			.containsExactly("AgeLimit", "TimeLimit", "ShutdownNotifications", "Callbacks", "Pipelines", "Retries");
		assertThat(DefaultMiddleware.create(true)).last().isInstanceOf(CurrentMessage.class);
		assertThat(DefaultMiddleware.create()).isNotSameAs(DefaultMiddleware.create());
	}

	@Test
	void brokersStartWithoutMiddleware() {
		assertThat(new StubBroker().middleware()).isEmpty();
	}

	@Test
	void defaultMiddlewareDeclaresTheActorOptionsOfPython() {
		Set<String> options = new HashSet<>();
		DefaultMiddleware.create(true).forEach((m) -> options.addAll(m.actorOptions()));
		assertThat(options).containsExactlyInAnyOrder("max_age", "time_limit", "notify_shutdown", "on_success",
				"on_failure", "pipe_ignore", "pipe_target", "max_retries", "min_backoff", "max_backoff", "retry_when",
				"throws", "on_retry_exhausted");
	}

	@Test
	void beforeHooksRunInRegistrationOrderAndAfterHooksInReverse() {
		List<String> calls = new CopyOnWriteArrayList<>();
		for (String name : List.of("a", "b", "c")) {
			this.broker.addMiddleware(new Middleware() {
				@Override
				public void beforeProcessMessage(Broker broker, MessageProxy message) {
					calls.add("before " + name);
				}

				@Override
				public void afterProcessMessage(Broker broker, MessageProxy message, Object result,
						Throwable exception) {
					calls.add("after " + name);
				}
			});
		}
		declare("noop", Map.of(), (args, kwargs) -> null);
		startWorker(1);
		send("noop", List.of(), Map.of());
		join();
		assertThat(calls).containsExactly("before a", "before b", "before c", "after c", "after b", "after a");
	}

	@Test
	void onFailureCallbackSeesTheOptionsRetriesUpdated() {
		// Given the default middleware and an actor that fails once
		DefaultMiddleware.create().forEach(this.broker::addMiddleware);
		List<List<Object>> failures = new CopyOnWriteArrayList<>();
		declare("failures", Map.of(), (args, kwargs) -> failures.add(args));
		declare("boom", Map.of("max_retries", 0, "on_failure", "failures"), (args, kwargs) -> {
			throw new IllegalStateException("boom");
		});
		startWorker(1);
		send("boom", List.of(), Map.of());
		join();
		// I expect the callback's envelope to carry the retry count Retries just wrote
		assertThat(failures).singleElement().satisfies((args) -> {
			@SuppressWarnings("unchecked")
			Map<String, Object> envelope = (Map<String, Object>) args.get(0);
			@SuppressWarnings("unchecked")
			Map<String, Object> options = (Map<String, Object>) envelope.get("options");
			assertThat(options).containsEntry("retries", 1).containsKey("traceback");
		});
	}

}
