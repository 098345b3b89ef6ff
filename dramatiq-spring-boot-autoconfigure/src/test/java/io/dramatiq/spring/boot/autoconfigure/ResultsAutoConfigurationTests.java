package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.composition.Group;
import io.dramatiq.composition.Pipeline;
import io.dramatiq.message.Message;
import io.dramatiq.results.MessageResult;
import io.dramatiq.results.ResultBackend;
import io.dramatiq.results.ResultFailureException;
import io.dramatiq.results.StubResultBackend;
import io.dramatiq.results.redis.RedisResultBackend;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests of results, pipelines and groups as a Spring Boot application gets them from
 * {@code dramatiq.results.*} and {@code dramatiq.rate-limits.*}, with a running worker.
 */
class ResultsAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DramatiqAutoConfiguration.class, DramatiqEndpointAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.threads=2",
				"dramatiq.worker.worker-timeout=100ms")
		.withUserConfiguration(CalculatorConfiguration.class);

	@Test
	void resultIsReadThroughTheActorProxyTypedByTheMethodsReturnType() {
		this.contextRunner.withPropertyValues("dramatiq.results.backend=stub").run((context) -> {
			assertThat(context).hasSingleBean(StubResultBackend.class);
			ActorProxy add = context.getBean("add", ActorProxy.class);
			MessageResult<Integer> sum = add.result(add.send(2, 3));
			assertThat(sum.get(TIMEOUT)).isEqualTo(5);
			ActorProxy receipt = context.getBean("receipt", ActorProxy.class);
			MessageResult<Receipt> stored = receipt.result(receipt.send("A-1", 3));
			assertThat(stored.get(TIMEOUT)).isEqualTo(new Receipt("A-1", 3));
			assertThat(stored.toFuture(TIMEOUT).get()).isEqualTo(new Receipt("A-1", 3));
		});
	}

	@Test
	void storeResultsCanBeTurnedOnByProperties() {
		this.contextRunner
			.withPropertyValues("dramatiq.results.backend=stub", "dramatiq.actors.[echo].store-results=true",
					"dramatiq.actors.[echo].result-ttl=1h")
			.run((context) -> {
				ActorProxy echo = context.getBean("echo", ActorProxy.class);
				assertThat(echo.result(echo.send("hi")).get(TIMEOUT)).isEqualTo("hi");
			});
	}

	@Test
	void failedActorStoresItsExceptionTypeAndText() {
		this.contextRunner.withPropertyValues("dramatiq.results.backend=stub").run((context) -> {
			ActorProxy fail = context.getBean("fail", ActorProxy.class);
			MessageResult<Object> result = fail.result(fail.send("out of stock"));
			assertThatExceptionOfType(ResultFailureException.class).isThrownBy(() -> result.get(TIMEOUT))
				.satisfies((ex) -> {
					assertThat(ex.getType()).isEqualTo("IllegalStateException");
					assertThat(ex.getText()).isEqualTo("out of stock");
				});
		});
	}

	@Test
	void storeResultsWithoutABackendFailsStartUpNamingTheProperty() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(new ActorDefinitionFailureAnalyzer().analyze(failure)).satisfies((analysis) -> {
				assertThat(analysis.getDescription()).contains("sets option 'store_results'")
					.contains("needs a results backend");
				assertThat(analysis.getAction()).contains("dramatiq.results.backend");
			});
		});
	}

	@Test
	void redisBackendUsesSpringBootsRedisConnection() {
		BrokerAvailability.assumeReachable("127.0.0.1", 6379, "Redis",
				"redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no");
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("dramatiq.results.backend=redis", "dramatiq.results.namespace=spring-results-test")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisResultBackend.class);
				assertThat(context.getBean(ResultBackend.class).namespace()).isEqualTo("spring-results-test");
				ActorProxy add = context.getBean("add", ActorProxy.class);
				assertThat(add.result(add.send(20, 22)).get(TIMEOUT)).isEqualTo(42);
			});
	}

	@Test
	void redisBackendWithoutSpringDataRedisFailsNamingTheProperty() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("dramatiq.results.backend=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(DramatiqPropertyException.class)
					.hasMessageContaining(
							"'dramatiq.results.backend' is redis but Spring Data Redis is not on the class path");
			});
	}

	@Test
	void endpointShowsTheResultsBackend() {
		this.contextRunner
			.withPropertyValues("dramatiq.results.backend=stub", "management.endpoints.web.exposure.include=dramatiq")
			.run((context) -> {
				DramatiqEndpoint.ResultsDescriptor results = context.getBean(DramatiqEndpoint.class)
					.dramatiq()
					.results();
				assertThat(results)
					.isEqualTo(new DramatiqEndpoint.ResultsDescriptor("stub", "dramatiq-results", "md5"));
			});
	}

	@Test
	void pipelinePassesEachResultToTheNextStep() {
		this.contextRunner.withPropertyValues("dramatiq.results.backend=stub").run((context) -> {
			Broker broker = context.getBean(Broker.class);
			ActorProxy add = context.getBean("add", ActorProxy.class);
			Pipeline pipeline = Pipeline.of(broker, add.message(1, 2), add.message(10)).run();
			Integer total = pipeline.getResult(TIMEOUT);
			assertThat(total).isEqualTo(13);
			assertThat(pipeline.getResults(TIMEOUT)).containsExactly(3, 13);
		});
	}

	@Test
	void groupRunsItsCompletionCallbackOnceEveryChildSucceeded() {
		this.contextRunner.withPropertyValues("dramatiq.results.backend=stub", "dramatiq.rate-limits.backend=stub")
			.run((context) -> {
				Broker broker = context.getBean(Broker.class);
				List<String> chain = broker.middleware().stream().map((m) -> m.getClass().getSimpleName()).toList();
				// after hooks run in reverse: a child's result is stored before the
				// barrier
				assertThat(chain).containsSubsequence("Pipelines", "GroupCallbacks", "Results");
				ActorProxy add = context.getBean("add", ActorProxy.class);
				ActorProxy echo = context.getBean("echo", ActorProxy.class);
				Message done = echo.message("done");
				Group group = Group.of(broker, add.message(1, 1), add.message(2, 2)).withCompletionCallback(done).run();
				assertThat(group.getResults(TIMEOUT)).containsExactly(2, 4);
				context.getBean(StubBroker.class).join("default", TIMEOUT, true);
				assertThat(context.getBean(Calculator.class).echoed).containsExactly("done");
			});
	}

	@Test
	void groupWithCallbacksFailsInTheCallerWithoutARateLimitBackend() {
		this.contextRunner.withPropertyValues("dramatiq.results.backend=stub").run((context) -> {
			Broker broker = context.getBean(Broker.class);
			ActorProxy add = context.getBean("add", ActorProxy.class);
			Group group = Group.of(broker, add.message(1, 1)).withCompletionCallback(add.message(0, 0));
			assertThatIllegalStateException().isThrownBy(group::run).withMessageContaining("GroupCallbacks");
		});
	}

	record Receipt(String order, int items) {
	}

	@Configuration(proxyBeanMethods = false)
	static class CalculatorConfiguration {

		@Bean
		Calculator calculator() {
			return new Calculator();
		}

	}

	static class Calculator {

		final List<String> echoed = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Actor(storeResults = true)
		public int add(int a, int b) {
			return a + b;
		}

		@Actor(storeResults = true, resultTtl = "1m")
		public Receipt receipt(String order, int items) {
			return new Receipt(order, items);
		}

		@Actor
		public String echo(String text) {
			this.echoed.add(text);
			return text;
		}

		@Actor(storeResults = true, maxRetries = 0)
		public void fail(String text) {
			throw new IllegalStateException(text);
		}

	}

}
