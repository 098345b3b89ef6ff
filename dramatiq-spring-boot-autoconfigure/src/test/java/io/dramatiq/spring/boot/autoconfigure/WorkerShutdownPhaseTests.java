package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.spring.ActorProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.Lifecycle;
import org.springframework.context.LifecycleProcessor;
import org.springframework.context.support.DefaultLifecycleProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code dramatiq.worker.shutdown-timeout} against Spring Boot's
 * {@code spring.lifecycle.timeout-per-shutdown-phase}: the worker's phase gets the longer
 * time, or a warning names both properties.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkerShutdownPhaseTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(LifecycleAutoConfiguration.class, DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub");

	@Test
	void actorRunningLongerThanTheShutdownPhaseTimeoutFinishesAndIsAckedOnClose(CapturedOutput output) {
		// Given a 200 ms shutdown phase timeout, a 30 s shutdown timeout and a running
		// actor
		SlowActor slow = new SlowActor();
		AckRecorder acks = new AckRecorder();
		this.contextRunner
			.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=200ms",
					"dramatiq.worker.shutdown-timeout=30s")
			.withBean(SlowActor.class, () -> slow)
			.withBean(AckRecorder.class, () -> acks)
			.run((context) -> {
				String messageId = context.getBean("slow", ActorProxy.class).send().messageId();
				assertThat(slow.started.await(20, TimeUnit.SECONDS)).isTrue();
				// When the context closes
				Thread closer = new Thread(context::close, "context-closer");
				closer.start();
				// I expect the close to wait for the actor well past the phase timeout
				await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(closer::isAlive);
				slow.release.countDown();
				closer.join(20_000);
				assertThat(closer.isAlive()).isFalse();
				// and the actor to have finished and its message to be acked
				assertThat(slow.finished).isTrue();
				assertThat(acks.ids).containsExactly(messageId);
			});
		assertThat(output).doesNotContain("still running after timeout");
	}

	@Test
	void lifecycleProcessorThatCannotExtendThePhaseIsWarnedAboutNamingBothProperties(CapturedOutput output) {
		this.contextRunner.withBean("lifecycleProcessor", LifecycleProcessor.class, DelegatingLifecycleProcessor::new)
			.run((context) -> assertThat(output).contains("dramatiq.worker.shutdown-timeout (PT10M) is longer than"
					+ " spring.lifecycle.timeout-per-shutdown-phase (PT30S)"));
	}

	@Test
	void shutdownTimeoutWithinThePhaseTimeoutNeedsNoWarning(CapturedOutput output) {
		this.contextRunner.withBean("lifecycleProcessor", LifecycleProcessor.class, DelegatingLifecycleProcessor::new)
			.withPropertyValues("dramatiq.worker.shutdown-timeout=10s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).doesNotContain("spring.lifecycle.timeout-per-shutdown-phase");
			});
	}

	/**
	 * An actor that runs until the test releases it.
	 */
	static class SlowActor {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		volatile boolean finished;

		@Actor(name = "slow")
		public void run() throws InterruptedException {
			this.started.countDown();
			this.finished = this.release.await(30, TimeUnit.SECONDS);
		}

	}

	/**
	 * Records the ids of acked messages.
	 */
	static class AckRecorder implements Middleware {

		final List<String> ids = new CopyOnWriteArrayList<>();

		@Override
		public void afterAck(Broker broker, MessageProxy message) {
			this.ids.add(message.messageId());
		}

	}

	/**
	 * A lifecycle processor of the user's own, which the worker container cannot give a
	 * longer timeout for its phase.
	 */
	static class DelegatingLifecycleProcessor implements LifecycleProcessor, BeanFactoryAware {

		private final DefaultLifecycleProcessor delegate = new DefaultLifecycleProcessor() {

			@Override
			protected Map<String, Lifecycle> getLifecycleBeans() {
				// not itself, or stopping would recurse
				Map<String, Lifecycle> beans = super.getLifecycleBeans();
				beans.values().remove(DelegatingLifecycleProcessor.this);
				return beans;
			}

		};

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.delegate.setBeanFactory(beanFactory);
		}

		@Override
		public void onRefresh() {
			this.delegate.onRefresh();
		}

		@Override
		public void onClose() {
			this.delegate.onClose();
		}

		@Override
		public void start() {
			this.delegate.start();
		}

		@Override
		public void stop() {
			this.delegate.stop();
		}

		@Override
		public boolean isRunning() {
			return this.delegate.isRunning();
		}

	}

}
