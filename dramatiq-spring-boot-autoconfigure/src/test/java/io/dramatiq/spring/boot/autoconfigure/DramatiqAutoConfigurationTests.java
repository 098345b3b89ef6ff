package io.dramatiq.spring.boot.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.dramatiq.Durations;
import io.dramatiq.actor.Actor;
import io.dramatiq.actor.ActorOptions;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.middleware.AgeLimit;
import io.dramatiq.middleware.Retries;
import io.dramatiq.middleware.ShutdownNotifications;
import io.dramatiq.middleware.StandardActorOptions;
import io.dramatiq.middleware.TimeLimit;
import io.dramatiq.spring.ActorBeanPostProcessor;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.WorkerContainer;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
	void runWhenSpringAmqpIsOnTheClassPathSelectsRabbitmq() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, DramatiqAutoConfiguration.class))
			.withPropertyValues("dramatiq.worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RabbitmqBroker.class));
	}

	@Test
	void runWhenOnlySpringDataRedisIsOnTheClassPathSelectsRedis() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, DramatiqAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(OnBrokerTypeCondition.SPRING_AMQP_CLASS))
			.withPropertyValues("dramatiq.worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RedisBroker.class));
	}

	@Test
	void runWhenBrokerTypeIsRedisWithoutAConnectionFactoryFailsWithHelpfulMessage() {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=redis")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessageContaining("RedisConnectionFactory"));
	}

	@Test
	void runWhenBrokerTypeIsRabbitmqWithoutSpringAmqpFailsNamingTheDependency() {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=rabbitmq")
			.withClassLoader(new FilteredClassLoader(OnBrokerTypeCondition.SPRING_AMQP_CLASS))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(BrokerClientMissingException.class)
				.satisfies((ex) -> assertThat(((BrokerClientMissingException) ex).getDependency())
					.contains("spring-boot-starter-amqp")));
	}

	@Test
	void runWhenBrokerTypeIsRedisWithoutSpringDataRedisFailsNamingTheDependency() {
		this.contextRunner.withPropertyValues("dramatiq.broker.type=redis")
			.withClassLoader(new FilteredClassLoader(OnBrokerTypeCondition.SPRING_DATA_REDIS_CLASS))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(BrokerClientMissingException.class)
				.satisfies((ex) -> assertThat(((BrokerClientMissingException) ex).getDependency())
					.contains("spring-boot-starter-data-redis")));
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
			.withUserConfiguration(PagesConfiguration.class)
			.run((context) -> assertThat(context.getBean("store", ActorProxy.class).message(new Page("a")).args())
				.containsExactly(Map.of("page_url", "a")));
	}

	@Test
	void argumentsAreEncodedWithADefaultJsonMapperWithoutJackson() {
		this.contextRunner.withPropertyValues("dramatiq.worker.enabled=false")
			.withUserConfiguration(PagesConfiguration.class)
			.run((context) -> assertThat(context.getBean("store", ActorProxy.class).message(new Page("a")).args())
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
					"dramatiq.worker.restart-delay=1s", "dramatiq.worker.max-restart-delay=1m")
			.withBean(WorkerContainer.class, () -> {
				WorkerContainer container = new WorkerContainer(mock(Worker.class));
				container.setAutoStartup(false);
				return container;
			})
			.run((context) -> assertThat(context.getBean(Worker.class).options())
				.isEqualTo(new WorkerOptions(2, Duration.ofMillis(250), 5, 50, Set.of("emails", "default"),
						Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofMinutes(1))));
	}

	@Test
	void runWhenMaxRestartDelayIsBelowTheRestartDelayFailsNamingBothProperties() {
		this.contextRunner
			.withPropertyValues("dramatiq.worker.restart-delay=5s", "dramatiq.worker.max-restart-delay=1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessage("Property 'dramatiq.worker.max-restart-delay' must be at least"
						+ " 'dramatiq.worker.restart-delay' (PT5S) but was PT1S."));
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
		DramatiqProperties properties = new DramatiqProperties();
		// the worker: Python's dramatiq/worker.py and CLI defaults (spec 6.1)
		DramatiqWorkerProperties worker = properties.getWorker();
		WorkerOptions defaults = WorkerOptions.defaults();
		assertThat(worker.isEnabled()).isTrue();
		assertThat(worker.getThreads()).isEqualTo(WorkerOptions.DEFAULT_THREADS)
			.isEqualTo(defaults.threads())
			.isEqualTo(8);
		assertThat(worker.getWorkerTimeout()).isEqualTo(WorkerOptions.DEFAULT_WORKER_TIMEOUT)
			.isEqualTo(Duration.ofMillis(1000));
		assertThat(worker.getShutdownTimeout()).isEqualTo(WorkerOptions.DEFAULT_SHUTDOWN_TIMEOUT)
			.isEqualTo(defaults.shutdownTimeout())
			.isEqualTo(Duration.ofMillis(600000));
		assertThat(worker.getRestartDelay()).isEqualTo(WorkerOptions.DEFAULT_RESTART_DELAY)
			.isEqualTo(Duration.ofMillis(3000));
		// beyond Python, which always waits the restart delay
		assertThat(worker.getMaxRestartDelay()).isEqualTo(WorkerOptions.DEFAULT_MAX_RESTART_DELAY)
			.isEqualTo(defaults.maxRestartDelay())
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(worker.getQueuePrefetch()).isZero();
		assertThat(worker.getDelayQueuePrefetch()).isZero();
		assertThat(worker.getQueues()).isEmpty();
		assertThat(properties.getBroker().getType()).isNull();
		// the middleware: Python's TimeLimit(interval=1000)
		assertThat(properties.getMiddleware().getTimeLimit().getInterval()).isEqualTo(TimeLimit.DEFAULT_INTERVAL)
			.isEqualTo(new TimeLimit().interval())
			.isEqualTo(Duration.ofMillis(1000));
		// the actors: nothing is set, so every option falls through to the core's
		// default, which is Python's (spec 12.2)
		assertThat(properties.getActors()).isEmpty();
		ActorOptions.Resolved unset = StandardActorOptions.create()
			.resolve("any",
					new PropertiesActorOptionLayers(Map.of(DramatiqProperties.ACTOR_DEFAULTS,
							new DramatiqActorSettings(), "any", new DramatiqActorSettings()))
						.globalDefaults(),
					null, null);
		assertThat(unset.options()).isEmpty();
		assertThat(unset.settings().values()).extracting(ActorOptions.Setting::source)
			.containsOnly(ActorOptions.Source.BUILT_IN_DEFAULT);
		assertThat(StandardActorOptions.create().builtInDefaults()).containsEntry("max_retries", 20)
			.containsEntry("min_backoff", 15000L)
			.containsEntry("max_backoff", 604800000L)
			.containsEntry("time_limit", 600000L)
			.containsEntry("max_age", null)
			.containsEntry("notify_shutdown", false)
			.containsEntry("max_retries", new Retries().maxRetries())
			.containsEntry("min_backoff", new Retries().minBackoff().toMillis())
			.containsEntry("max_backoff", new Retries().maxBackoff().toMillis())
			.containsEntry("time_limit", new TimeLimit().timeLimit().toMillis());
		assertThat(new AgeLimit().maxAge()).isNull();
		assertThat(new ShutdownNotifications().notifyShutdown()).isFalse();
	}

	@Test
	void metadataDescribesEveryActorSettingUnderDefaultsWithPythonsDefault() throws Exception {
		Map<String, JsonNode> metadata = new LinkedHashMap<>();
		try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonMapper.builder()
				.build()
				.readTree(json)
				.get("properties")
				.forEach((property) -> metadata.put(property.get("name").asString(), property));
		}
		assertThat(metadata).containsKeys("dramatiq.actors", "dramatiq.middleware.time-limit.interval",
				"dramatiq.worker.threads");
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(DramatiqActorSettings.class)) {
			if (property.getWriteMethod() != null) {
				String name = "dramatiq.actors.defaults." + kebab(property.getName());
				assertThat(metadata).containsKey(name);
				assertThat(metadata.get(name).get("description").asString()).isNotBlank();
			}
		}
		Map<String, Object> builtIn = StandardActorOptions.create().builtInDefaults();
		for (String option : List.of("max_retries", "min_backoff", "max_backoff", "time_limit", "notify_shutdown",
				"store_results", "result_ttl")) {
			JsonNode defaultValue = metadata.get("dramatiq.actors.defaults." + option.replace('_', '-'))
				.get("defaultValue");
			Object value = defaultValue.isString() ? (Object) Durations.parse(defaultValue.asString()).toMillis()
					: defaultValue.isBoolean() ? (Object) defaultValue.asBoolean() : defaultValue.asInt();
			assertThat(value).as(option).isEqualTo(builtIn.get(option));
		}
	}

	private static String kebab(String camel) {
		return camel.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
	}

	record Page(String pageUrl) {
	}

	public static class Pages {

		@Actor
		public void store(Page page) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PagesConfiguration {

		@Bean
		Pages pages() {
			return new Pages();
		}

	}

}
