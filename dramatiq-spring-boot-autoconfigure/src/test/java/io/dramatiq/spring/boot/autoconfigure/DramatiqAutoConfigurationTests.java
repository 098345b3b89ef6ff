package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.spring.ActorBeanPostProcessor;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.WorkerContainer;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link DramatiqAutoConfiguration}: conditions, back-off and properties. Actor
 * discovery is covered by {@link ActorDiscoveryTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class DramatiqAutoConfigurationTests {

	private static final String STUB_WARNING = "Stub broker selected: messages are kept in memory and lost on restart.";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub");

	@Test
	void defaultsToStubBrokerAndRunningWorker() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(StubBroker.class)
				.hasSingleBean(JsonMessageEncoder.class)
				.hasSingleBean(ActorBeanPostProcessor.class)
				.hasSingleBean(Worker.class)
				.hasSingleBean(WorkerContainer.class)
				.hasBean("dramatiqBroker")
				.hasBean("dramatiqWorker");
			assertThat(context.getBean(StubBroker.class).encoder()).isSameAs(context.getBean(MessageEncoder.class));
			assertThat(context.getBean(WorkerContainer.class).isRunning()).isTrue();
			assertThat(context.getBean(Worker.class).broker()).isSameAs(context.getBean(Broker.class));
		});
	}

	@Test
	void stubBrokerIsExplicitWithoutWarning(CapturedOutput output) {
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(StubBroker.class));
		assertThat(output).doesNotContain(STUB_WARNING);
	}

	@Test
	void stubBrokerIsDetectedWithWarningWhenNoBrokerClientIsOnTheClassPath(CapturedOutput output) {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(OnBrokerTypeCondition.SPRING_AMQP_CLASS,
					OnBrokerTypeCondition.SPRING_DATA_REDIS_CLASS))
			.withPropertyValues("dramatiq.worker.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(StubBroker.class));
		assertThat(output).contains(STUB_WARNING);
	}

	@Test
	void runWhenSpringAmqpIsOnTheClassPathSelectsRabbitmqAndFailsWithHelpfulMessage() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessage("Property 'dramatiq.broker.type' is not set and Spring AMQP is on the class path, "
						+ "so 'rabbitmq' was selected, but this version has no RabbitMQ broker yet."));
	}

	@Test
	void runWhenOnlySpringDataRedisIsOnTheClassPathSelectsRedis() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(OnBrokerTypeCondition.SPRING_AMQP_CLASS))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("Spring Data Redis is on the class path, so 'redis' was selected"));
	}

	@Test
	void runWhenBrokerTypeIsRedisFailsWithHelpfulMessage() {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessage("Property 'dramatiq.broker.type' is 'redis', but this version has no Redis broker yet."));
	}

	@Test
	void brokerBacksOffWhenUserDefinesOne() {
		StubBroker userBroker = new StubBroker();
		this.contextRunner.withPropertyValues("dramatiq.broker.type=rabbitmq", "dramatiq.worker.enabled=false")
			.withBean("userBroker", Broker.class, () -> userBroker)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(Broker.class).doesNotHaveBean("dramatiqBroker");
				assertThat(context.getBean(Broker.class)).isSameAs(userBroker);
			});
	}

	@Test
	void encoderBacksOffWhenUserDefinesOne() {
		MessageEncoder userEncoder = mock(MessageEncoder.class);
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false")
			.withBean(MessageEncoder.class, () -> userEncoder)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(JsonMessageEncoder.class);
				assertThat(context.getBean(StubBroker.class).encoder()).isSameAs(userEncoder);
			});
	}

	@Test
	void workerAndContainerBackOffWhenUserDefinesThem() {
		Worker userWorker = mock(Worker.class);
		WorkerContainer userContainer = new WorkerContainer(userWorker);
		userContainer.setAutoStartup(false);
		this.contextRunner.withBean(Worker.class, () -> userWorker)
			.withBean(WorkerContainer.class, () -> userContainer)
			.run((context) -> {
				assertThat(context).hasSingleBean(Worker.class).doesNotHaveBean("dramatiqWorker");
				assertThat(context).hasSingleBean(WorkerContainer.class).doesNotHaveBean("dramatiqWorkerContainer");
				assertThat(context.getBean(WorkerContainer.class)).isSameAs(userContainer);
			});
	}

	@Test
	void workerDisabledLeavesAProducerOnlyApplication() {
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false")
			.withUserConfiguration(ActorDiscoveryTests.WordCounterConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(StubBroker.class)
					.doesNotHaveBean(Worker.class)
					.doesNotHaveBean(WorkerContainer.class);
				Message message = context.getBean("count_words", ActorProxy.class).message("https://example.com");
				assertThat(message.actorName()).isEqualTo("count_words");
			});
	}

	@Test
	void argumentsAreEncodedWithSpringBootsJsonMapperWhenJacksonIsAutoConfigured() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, DramatiqAutoConfiguration.class))
			.withPropertyValues("dramatiq.worker.enabled=false", "spring.jackson.property-naming-strategy=SNAKE_CASE")
			.withUserConfiguration(ActorDiscoveryTests.WordCounterConfiguration.class)
			.run((context) -> assertThat(context.getBean("count_words", ActorProxy.class).message(new Page("a")).args())
				.containsExactly(Map.of("page_url", "a")));
	}

	@Test
	void argumentsAreEncodedWithADefaultJsonMapperWithoutJackson() {
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false")
			.withUserConfiguration(ActorDiscoveryTests.WordCounterConfiguration.class)
			.run((context) -> assertThat(context.getBean("count_words", ActorProxy.class).message(new Page("a")).args())
				.containsExactly(Map.of("pageUrl", "a")));
	}

	@Test
	void dramatiqDisabledContributesNothing() {
		this.contextRunner.withPropertyValues("dramatiq.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(Broker.class)
				.doesNotHaveBean(MessageEncoder.class)
				.doesNotHaveBean(ActorBeanPostProcessor.class)
				.doesNotHaveBean(Worker.class));
	}

	@Test
	void workerPropertiesAreApplied() {
		this.contextRunner
			.withPropertyValues("dramatiq.worker.threads=2", "dramatiq.worker.queues=emails,default",
					"dramatiq.worker.shutdown-timeout=20s", "dramatiq.worker.worker-timeout=250ms",
					"dramatiq.worker.queue-prefetch=5", "dramatiq.worker.delay-queue-prefetch=50",
					"dramatiq.worker.restart-delay=1s")
			.withBean(WorkerContainer.class, () -> {
				WorkerContainer container = new WorkerContainer(mock(Worker.class));
				container.setAutoStartup(false);
				return container;
			})
			.run((context) -> assertThat(context.getBean(Worker.class).options())
				.isEqualTo(new WorkerOptions(2, Duration.ofMillis(250), 5, 50, Set.of("emails", "default"),
						Duration.ofSeconds(20), Duration.ofSeconds(1))));
	}

	@Test
	void runWhenWorkerThreadsIsZeroFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("dramatiq.worker.threads=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessage("Property 'dramatiq.worker.threads' must be at least 1 but was 0."));
	}

	@Test
	void runWhenWorkerTimeoutIsZeroFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("dramatiq.worker.worker-timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessage("Property 'dramatiq.worker.worker-timeout' must be at least 1ms but was PT0S."));
	}

	@Test
	void runWhenWorkerQueueIsInvalidFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("dramatiq.worker.queues=default,emails.DQ")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageStartingWith("Property 'dramatiq.worker.queues[1]': Queue name 'emails.DQ' is invalid"));
	}

	@Test
	void runWhenBrokerTypeIsUnknownFails() {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=kafka")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'dramatiq.broker.type'"));
	}

	@Test
	void propertiesUseConsistentDefaultValues() {
		DramatiqProperties.Worker worker = new DramatiqProperties().getWorker();
		WorkerOptions defaults = WorkerOptions.defaults();
		assertThat(worker.isEnabled()).isTrue();
		assertThat(worker.getThreads()).isEqualTo(WorkerOptions.DEFAULT_THREADS).isEqualTo(defaults.threads());
		assertThat(worker.getWorkerTimeout()).isEqualTo(WorkerOptions.DEFAULT_WORKER_TIMEOUT);
		assertThat(worker.getShutdownTimeout()).isEqualTo(WorkerOptions.DEFAULT_SHUTDOWN_TIMEOUT)
			.isEqualTo(defaults.shutdownTimeout());
		assertThat(worker.getRestartDelay()).isEqualTo(WorkerOptions.DEFAULT_RESTART_DELAY);
		assertThat(worker.getQueuePrefetch()).isZero();
		assertThat(worker.getDelayQueuePrefetch()).isZero();
		assertThat(worker.getQueues()).isEmpty();
		assertThat(new DramatiqProperties().getBroker().getType()).isNull();
	}

	record Page(String pageUrl) {
	}

}
