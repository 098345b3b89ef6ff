package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.ratelimit.RateLimitExceededException;
import io.dramatiq.ratelimit.RateLimited;
import io.dramatiq.ratelimit.RateLimiter;
import io.dramatiq.spring.ActorDefinitionException;
import io.dramatiq.spring.ActorProxy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @RateLimited} on an actor method runs the call only with a permit of the named
 * limiter; a denied call fails with RateLimitExceeded and is retried with backoff, as
 * Python's actors that acquire in their body are.
 */
class RateLimitedActorTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.threads=4",
				"dramatiq.worker.worker-timeout=10ms", "dramatiq.actors.defaults.min-backoff=5ms",
				"dramatiq.actors.defaults.max-backoff=20ms", "dramatiq.rate-limits.backend=stub");

	@Test
	void actorRunsOnlyWithAPermitAndDeniedCallsAreRetried() {
		this.contextRunner.withUserConfiguration(ExportConfiguration.class)
			.withPropertyValues("dramatiq.rate-limiters.export_slots.type=concurrent",
					"dramatiq.rate-limiters.export_slots.limit=1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Exports exports = context.getBean(Exports.class);
				ActorProxy export = context.getBean("export", ActorProxy.class);
				// Given a limit of one and a first call that holds its permit
				export.send(1);
				assertThat(exports.started.await(10, TimeUnit.SECONDS)).isTrue();
				// When three more are sent while it runs
				for (int i = 2; i <= 4; i++) {
					export.send(i);
				}
				// I expect them denied (the actor does not run) and retried until the
				// permit comes back
				StubBroker broker = context.getBean(StubBroker.class);
				Denials denials = context.getBean(Denials.class);
				Awaitility.await().atMost(TIMEOUT).until(() -> denials.count.get() >= 3);
				assertThat(exports.calls).hasValue(1);
				exports.release.countDown();
				broker.join("default", TIMEOUT, true);
				assertThat(exports.calls).hasValue(4);
				assertThat(exports.mostAtOnce).hasValue(1);
				assertThat(broker.deadLetters("default")).isEmpty();
				// and the permit given back after the last call
				try (var permit = context.getBean("export_slots", RateLimiter.class).tryAcquire()) {
					assertThat(permit.isAcquired()).isTrue();
				}
			});
	}

	@Test
	void permitIsGivenBackWhenTheActorFails() {
		this.contextRunner.withUserConfiguration(FailingConfiguration.class)
			.withPropertyValues("dramatiq.rate-limiters.mutex.type=concurrent")
			.run((context) -> {
				StubBroker broker = context.getBean(StubBroker.class);
				context.getBean("fails_once", ActorProxy.class).send();
				broker.join("default", TIMEOUT, true);
				assertThat(context.getBean(FailsOnce.class).calls).hasValue(2);
				try (var permit = context.getBean("mutex", RateLimiter.class).tryAcquire()) {
					assertThat(permit.isAcquired()).isTrue();
				}
			});
	}

	@Test
	void unknownLimiterStopsTheStartNamingTheMethodAndTheLimiter() {
		this.contextRunner.withUserConfiguration(ExportConfiguration.class)
			.withPropertyValues("dramatiq.rate-limiters.imports.type=concurrent")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				while (failure != null && !(failure instanceof ActorDefinitionException)) {
					failure = failure.getCause();
				}
				assertThat(failure).isInstanceOf(ActorDefinitionException.class)
					.hasMessageContaining("@RateLimited(\"export_slots\")")
					.hasMessageContaining("Exports.export(")
					.hasMessageContaining("the rate limiters defined are imports");
				assertThat(((ActorDefinitionException) failure).getAction())
					.contains("dramatiq.rate-limiters.export_slots.type");
			});
	}

	/**
	 * An export that holds its permit until released, counting calls at once.
	 */
	public static class Exports {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicInteger calls = new AtomicInteger();

		final AtomicInteger running = new AtomicInteger();

		final AtomicInteger mostAtOnce = new AtomicInteger();

		@Actor
		@RateLimited("export_slots")
		public void export(int id) throws InterruptedException {
			this.calls.incrementAndGet();
			this.mostAtOnce.accumulateAndGet(this.running.incrementAndGet(), Math::max);
			try {
				this.started.countDown();
				this.release.await(20, TimeUnit.SECONDS);
			}
			finally {
				this.running.decrementAndGet();
			}
		}

	}

	/**
	 * An actor that fails on its first call only.
	 */
	public static class FailsOnce {

		final AtomicInteger calls = new AtomicInteger();

		@Actor(name = "fails_once")
		@RateLimited("mutex")
		public void run() {
			if (this.calls.incrementAndGet() == 1) {
				throw new IllegalStateException("first call fails");
			}
		}

	}

	/**
	 * Counts calls that failed for want of a permit.
	 */
	static class Denials implements Middleware {

		final AtomicInteger count = new AtomicInteger();

		@Override
		public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
			if (exception instanceof RateLimitExceededException) {
				this.count.incrementAndGet();
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ExportConfiguration {

		@Bean
		Exports exports() {
			return new Exports();
		}

		@Bean
		Denials denials() {
			return new Denials();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingConfiguration {

		@Bean
		FailsOnce failsOnce() {
			return new FailsOnce();
		}

	}

}
