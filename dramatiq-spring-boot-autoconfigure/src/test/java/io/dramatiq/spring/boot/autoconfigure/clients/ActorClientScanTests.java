package io.dramatiq.spring.boot.autoconfigure.clients;

import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.spring.ActorClient;
import io.dramatiq.spring.EnableActorClients;
import io.dramatiq.spring.boot.autoconfigure.DramatiqAutoConfiguration;
import io.dramatiq.spring.boot.autoconfigure.clients.app.Greetings;
import io.dramatiq.spring.boot.autoconfigure.clients.app.ScannedApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding {@link ActorClient @ActorClient} interfaces: Spring Boot scans the
 * application's packages, as it finds Spring Data repositories, unless turned off or
 * replaced by {@link EnableActorClients @EnableActorClients}.
 */
class ActorClientScanTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=false");

	@Test
	void clientsInTheApplicationsPackagesAreBeans() {
		this.contextRunner.withUserConfiguration(ScannedApplication.class).run((context) -> {
			assertThat(context).hasSingleBean(Greetings.class);
			Message sent = context.getBean(Greetings.class).greet("Ada");
			assertThat(sent.queueName()).isEqualTo("greetings");
			assertThat(sent.actorName()).isEqualTo("greet");
			assertThat(context.getBean(StubBroker.class).actors().remoteActors()).containsEntry("greet", "greetings");
		});
	}

	@Test
	void scanIsOffWithItsProperty() {
		this.contextRunner.withUserConfiguration(ScannedApplication.class)
			.withPropertyValues("dramatiq.actor-clients.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(Greetings.class);
				assertThat(context.getBean(StubBroker.class).actors().remoteActors()).isEmpty();
			});
	}

	@Test
	void enableActorClientsReplacesTheScan() {
		this.contextRunner.withUserConfiguration(ScannedApplication.class, ExplicitClients.class)
			.run((context) -> assertThat(context).hasSingleBean(Audit.class).doesNotHaveBean(Greetings.class));
	}

	@Test
	void withoutApplicationPackagesNothingIsScanned() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(Greetings.class));
	}

	@ActorClient(queue = "audit")
	interface Audit {

		void record(String event);

	}

	@Configuration(proxyBeanMethods = false)
	@EnableActorClients(clients = Audit.class)
	static class ExplicitClients {

	}

}
