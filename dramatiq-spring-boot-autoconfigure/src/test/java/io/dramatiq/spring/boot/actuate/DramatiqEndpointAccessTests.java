package io.dramatiq.spring.boot.actuate;

import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dramatiq.actor.Actor;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.Retries;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.ActorDescriptor;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint.DeadLettersDescriptor;
import io.dramatiq.spring.boot.autoconfigure.DramatiqAutoConfiguration;
import io.dramatiq.spring.boot.autoconfigure.DramatiqCustomizer;
import io.dramatiq.spring.boot.autoconfigure.DramatiqEndpointAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.Operation;
import org.springframework.boot.actuate.endpoint.OperationType;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.support.ConfigurableConversionService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of who may do what with the {@code dramatiq} endpoint: Spring Boot's endpoint
 * access decides which operations the web exposes (read-only by default), the deprecated
 * {@code dramatiq.endpoint.write-operations-enabled} still works, and the arguments of
 * dead letters are hidden unless {@code management.endpoint.dramatiq.show-values} allows.
 */
@ExtendWith(OutputCaptureExtension.class)
class DramatiqEndpointAccessTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class,
				DramatiqAutoConfiguration.class, DramatiqEndpointAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.worker-timeout=20ms",
				"management.endpoints.web.exposure.include=dramatiq")
		.withUserConfiguration(FailingConfiguration.class)
		// as SpringApplication does, so that 'read-only' converts to Access.READ_ONLY
		.withInitializer((context) -> context.getEnvironment()
			.setConversionService((ConfigurableConversionService) ApplicationConversionService.getSharedInstance()));

	@Test
	void webHasOnlyTheReadOperationsByDefault() {
		this.contextRunner.run((context) -> assertThat(webOperations(context)).containsOnly(OperationType.READ));
	}

	@Test
	void unrestrictedAccessAddsTheWriteOperations() {
		this.contextRunner.withPropertyValues("management.endpoint.dramatiq.access=unrestricted")
			.run((context) -> assertThat(webOperations(context)).contains(OperationType.READ, OperationType.WRITE,
					OperationType.DELETE));
	}

	@Test
	void deprecatedPropertyStillAllowsTheWriteOperationsAndWarns(CapturedOutput output) {
		this.contextRunner.withPropertyValues("dramatiq.endpoint.write-operations-enabled=true").run((context) -> {
			assertThat(webOperations(context)).contains(OperationType.WRITE, OperationType.DELETE);
			assertThat(output).contains("Property 'dramatiq.endpoint.write-operations-enabled' is deprecated: the"
					+ " 'dramatiq' endpoint follows Spring Boot's endpoint access, read-only by default. Set"
					+ " 'management.endpoint.dramatiq.access=unrestricted' instead.");
		});
	}

	@Test
	void accessPropertyWinsOverTheDeprecatedOne(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("dramatiq.endpoint.write-operations-enabled=true",
					"management.endpoint.dramatiq.access=read-only")
			.run((context) -> {
				assertThat(webOperations(context)).containsOnly(OperationType.READ);
				assertThat(output)
					.contains("is deprecated and ignored, as 'management.endpoint.dramatiq.access' is set");
			});
	}

	@Test
	void argumentsAndTracebacksAreHiddenByDefault() {
		this.contextRunner.run((context) -> {
			// Given a dead letter with arguments, a traceback and a pipeline's next step
			deadLetter(context);
			// When anyone lists the dead letters
			Map<String, Object> message = onlyDeadLetter(context, SecurityContext.NONE);
			// I expect what it carries hidden as Spring Boot hides values, the rest shown
			assertThat(message).containsEntry("args", "******")
				.containsEntry("kwargs", "******")
				.containsEntry("actor_name", "fail");
			Map<String, Object> options = map(message.get("options"));
			assertThat(options).containsEntry("traceback", "******").containsEntry("max_retries", 0);
			assertThat(map(options.get("pipe_target"))).containsEntry("args", "******")
				.containsEntry("actor_name", "next_step");
		});
	}

	@Test
	void argumentsAreShownWhenShowValuesIsAlways() {
		this.contextRunner.withPropertyValues("management.endpoint.dramatiq.show-values=always").run((context) -> {
			deadLetter(context);
			Map<String, Object> message = onlyDeadLetter(context, SecurityContext.NONE);
			assertThat(message).containsEntry("args", List.of("ada@example.com"))
				.containsEntry("kwargs", Map.of("subject", "hello"));
			assertThat(map(message.get("options"))).containsEntry("traceback", "Traceback: secret");
		});
	}

	@Test
	void whenAuthorizedShowsArgumentsOnlyToAUserInARole() {
		this.contextRunner
			.withPropertyValues("management.endpoint.dramatiq.show-values=when-authorized",
					"management.endpoint.dramatiq.roles=OPS")
			.run((context) -> {
				deadLetter(context);
				assertThat(onlyDeadLetter(context, user("ops", "OPS"))).containsEntry("args",
						List.of("ada@example.com"));
				assertThat(onlyDeadLetter(context, user("dev", "DEV"))).containsEntry("args", "******");
				assertThat(onlyDeadLetter(context, SecurityContext.NONE)).containsEntry("args", "******");
			});
	}

	@Test
	void overviewListsOnlyTheOptionsOfInstalledMiddleware() {
		this.contextRunner.run((context) -> {
			ActorDescriptor actor = context.getBean(DramatiqEndpoint.class).dramatiq().actors().get(0);
			assertThat(actor.options()).containsKeys("max_retries", "time_limit", "on_success")
				.doesNotContainKeys("store_results", "result_ttl");
		});
		this.contextRunner.withBean(DramatiqCustomizer.class, () -> (chain) -> chain.remove(Retries.class))
			.run((context) -> {
				ActorDescriptor actor = context.getBean(DramatiqEndpoint.class).dramatiq().actors().get(0);
				assertThat(actor.options()).containsKey("time_limit").doesNotContainKeys("max_retries", "min_backoff");
			});
	}

	private static Set<OperationType> webOperations(AssertableWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		ExposableWebEndpoint endpoint = context.getBean(WebEndpointsSupplier.class)
			.getEndpoints()
			.stream()
			.filter((candidate) -> candidate.getEndpointId().equals(EndpointId.of("dramatiq")))
			.findFirst()
			.orElseThrow();
		return endpoint.getOperations().stream().map(Operation::getType).collect(java.util.stream.Collectors.toSet());
	}

	private static void deadLetter(AssertableWebApplicationContext context) {
		StubBroker broker = context.getBean(StubBroker.class);
		Message next = Message.create("default", "next_step", List.of("ada@example.com"), Map.of(), Map.of());
		broker.enqueue(Message.create("default", "fail", List.of("ada@example.com"), Map.of("subject", "hello"),
				Map.of("max_retries", 0, "traceback", "Traceback: secret", "pipe_target", next.asMap())));
		await().atMost(TIMEOUT).until(() -> broker.deadLetters("default").size() == 1);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> onlyDeadLetter(AssertableWebApplicationContext context,
			SecurityContext securityContext) {
		WebEndpointResponse<Object> response = context.getBean(DramatiqEndpoint.class)
			.deadLetters("default", null, null, securityContext);
		assertThat(response.getStatus()).isEqualTo(200);
		List<Map<String, Object>> messages = ((DeadLettersDescriptor) response.getBody()).messages();
		assertThat(messages).hasSize(1);
		return messages.get(0);
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	private static SecurityContext user(String name, String role) {
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> name;
			}

			@Override
			public boolean isUserInRole(String candidate) {
				return role.equals(candidate);
			}

		};
	}

	public static class Failing {

		@Actor(name = "fail")
		public void fail(String address, String subject) {
			throw new IllegalStateException("mail server down");
		}

		@Actor(name = "next_step")
		public void nextStep(String address) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingConfiguration {

		@Bean
		Failing failing() {
			return new Failing();
		}

	}

}
