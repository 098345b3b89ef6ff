package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.spring.WorkerContainer;
import io.dramatiq.worker.VirtualThreads;
import io.dramatiq.worker.Worker;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Tests for {@code dramatiq.worker.virtual-threads}. The Java 21+ half runs in the
 * {@code virtual-threads} Surefire execution (see the module's pom).
 */
class VirtualThreadsPropertyTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.virtual-threads=true",
				"dramatiq.worker.threads=200");

	@Test
	void virtualThreadsOnJava21RunTheWorkerOnVirtualThreadsBoundedByThreads() {
		assumeThat(VirtualThreads.isSupported())
			.as("virtual threads need Java 21+ but this is Java %s; the 'virtual-threads' Surefire execution runs"
					+ " this test on a JDK 21+", Runtime.version().feature())
			.isTrue();
		this.contextRunner.run((context) -> {
			Worker worker = context.getBean(Worker.class);
			assertThat(worker.options().virtualThreads()).isTrue();
			assertThat(worker.options().threads()).isEqualTo(200);
			assertThat(worker.options().effectiveQueuePrefetch()).isEqualTo(400);
			assertThat(context.getBean(WorkerContainer.class).isRunning()).isTrue();
			assertThat(worker.workerThreads()).hasSize(200)
				.allSatisfy((thread) -> assertThat(VirtualThreads.isVirtual(thread)).isTrue());
		});
	}

	@Test
	void virtualThreadsBeforeJava21FailStartUpNamingThePropertyAndTheJavaNeeded() {
		assumeThat(VirtualThreads.isSupported()).as("this runtime has virtual threads").isFalse();
		this.contextRunner.run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.isInstanceOf(DramatiqPropertyException.class)
			.hasMessageContaining("'dramatiq.worker.virtual-threads'")
			.hasMessageContaining("Java 21 or later"));
	}

	@Test
	void platformThreadsAreTheDefault() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=true")
			.run((context) -> assertThat(context.getBean(Worker.class).options().virtualThreads()).isFalse());
	}

}
