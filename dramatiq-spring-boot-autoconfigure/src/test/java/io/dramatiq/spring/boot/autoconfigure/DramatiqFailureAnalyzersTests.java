package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.actor.Actor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests that start-up failures caused by Dramatiq settings or actors are reported by our
 * failure analyzers as a description and an action, as Spring Boot users expect.
 */
@ExtendWith(OutputCaptureExtension.class)
class DramatiqFailureAnalyzersTests {

	@Test
	void invalidPropertyIsReportedWithItsFix(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(EmptyConfiguration.class, "dramatiq.worker.threads=0"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property 'dramatiq.worker.threads' must be at least 1 but was 0.")
			.contains("Set 'dramatiq.worker.threads' to 1 or more.");
	}

	@Test
	void unknownPropertyIsReportedWithTheClosestValidOne(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(EmptyConfiguration.class, "dramatiq.actors.defaults.max-retires=3"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property 'dramatiq.actors.defaults.max-retires'")
			.contains("is not a Dramatiq setting; did you mean 'dramatiq.actors.defaults.max-retries'?")
			.contains("Rename 'dramatiq.actors.defaults.max-retires' to 'dramatiq.actors.defaults.max-retries'.");
	}

	@Test
	void invalidActorIsReportedWithItsFix(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(FinalActorConfiguration.class));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("@Actor method FinalActor.run() is final and cannot be proxied.")
			.contains("Remove 'final' or declare the method on an interface.");
	}

	@Test
	void invalidActorOptionIsReportedWithTheActorTheOptionAndTheProperty(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> run(PlainActorConfiguration.class, "dramatiq.actors.[plain_actor].throws=com.example.Nope"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Actor 'plain_actor' has an invalid value for option 'throws', set by property"
					+ " 'dramatiq.actors.[plain_actor].throws': class com.example.Nope was not found.")
			.contains("Change property 'dramatiq.actors.[plain_actor].throws' to fully qualified names of exception"
					+ " classes on the class path.");
	}

	@Test
	void unknownActorOptionIsReportedWithItsFix(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> run(PlainActorConfiguration.class, "dramatiq.actors.[plain_actor].options.[rate_limit]=10"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Actor 'plain_actor' sets option 'rate_limit' (property"
					+ " 'dramatiq.actors.[plain_actor].options.[rate_limit]'), but no registered middleware declares it.")
			.contains("Add a Middleware bean whose actorOptions() include 'rate_limit', or remove the option from"
					+ " property 'dramatiq.actors.[plain_actor].options.[rate_limit]'.");
	}

	private static void run(Class<?> configuration, String... properties) {
		new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE)
			.properties("dramatiq.broker.type=stub", "spring.main.banner-mode=off")
			.properties(properties)
			.run()
			.close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DramatiqAutoConfiguration.class)
	static class EmptyConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DramatiqAutoConfiguration.class)
	static class FinalActorConfiguration {

		@Bean
		FinalActor finalActor() {
			return new FinalActor();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(DramatiqAutoConfiguration.class)
	static class PlainActorConfiguration {

		@Bean
		PlainActor plainActor() {
			return new PlainActor();
		}

	}

	static class PlainActor {

		@Actor(name = "plain_actor")
		public void run() {
		}

	}

	static class FinalActor {

		@Actor
		public final void run() {
		}

	}

}
