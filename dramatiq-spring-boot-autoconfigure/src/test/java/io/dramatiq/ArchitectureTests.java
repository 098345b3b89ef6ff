package io.dramatiq;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * Keeps the layering of DESIGN.md: the core packages stay Spring-free (the RabbitMQ and
 * Redis brokers use Spring's clients), the Spring glue needs no Spring Boot, and nothing
 * uses Jackson 2.
 */
@AnalyzeClasses(packages = "io.dramatiq", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule coreIsSpringFree = noClasses().that()
		.resideInAnyPackage("io.dramatiq", "io.dramatiq.message..", "io.dramatiq.actor..", "io.dramatiq.broker..",
				"io.dramatiq.worker..", "io.dramatiq.middleware..", "io.dramatiq.results..", "io.dramatiq.ratelimit..",
				"io.dramatiq.composition..", "io.dramatiq.metrics..")
		.and()
		.resideOutsideOfPackages("io.dramatiq.broker.rabbitmq..", "io.dramatiq.broker.redis..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework..")
		.allowEmptyShould(true);

	@ArchTest
	static final ArchRule springGlueNeedsNoSpringBoot = noClasses().that()
		.resideInAPackage("io.dramatiq.spring")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework.boot..");

	@ArchTest
	static final ArchRule noJackson2 = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("com.fasterxml.jackson.databind..");

}
