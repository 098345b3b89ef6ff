package io.dramatiq;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the layering of DESIGN.md.
 * <ul>
 * <li>Only these places may use Spring: {@code io.dramatiq.spring..} (the glue), and the
 * packages that talk through Spring's clients: {@code broker.rabbitmq} and
 * {@code abort.rabbitmq} through Spring AMQP, and {@code broker.redis},
 * {@code results.redis}, {@code ratelimit.redis} and {@code abort.redis} through Spring
 * Data Redis (with the {@code org.springframework.dao} exceptions it throws). They may
 * also use spring-core ({@code org.springframework.core},
 * {@code org.springframework.util}), which those clients are built on, but not the
 * container (beans, context, Boot). Every other package is Spring-free, including
 * packages added later.</li>
 * <li>Nothing outside {@code io.dramatiq.spring..} depends on the Spring glue.</li>
 * <li>The Spring glue needs no Spring Boot, and nothing uses Jackson 2.</li>
 * <li>The packages form no cycle, with no exception: the hook SPI
 * ({@link io.dramatiq.broker.Middleware}, {@link io.dramatiq.broker.WorkerView}) lives in
 * the broker package, so middleware and worker depend on broker and never the other way
 * round.</li>
 * </ul>
 */
@AnalyzeClasses(packages = "io.dramatiq", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	private static final String SPRING = "org.springframework..";

	private static final String SPRING_CORE = "org.springframework.core..";

	private static final String SPRING_UTIL = "org.springframework.util..";

	@ArchTest
	static final ArchRule onlyTheSpringGlueAndTheSpringClientBrokersUseSpring = noClasses().that()
		.resideOutsideOfPackages("io.dramatiq.spring..", "io.dramatiq.broker.rabbitmq..", "io.dramatiq.broker.redis..",
				"io.dramatiq.results.redis..", "io.dramatiq.ratelimit.redis..", "io.dramatiq.abort.rabbitmq..",
				"io.dramatiq.abort.redis..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage(SPRING)
		.because("the core is Spring-free: only the glue and the clients built on Spring's use Spring");

	@ArchTest
	static final ArchRule rabbitmqBrokerUsesOnlySpringAmqp = noClasses().that()
		.resideInAnyPackage("io.dramatiq.broker.rabbitmq..", "io.dramatiq.abort.rabbitmq..")
		.should()
		.dependOnClassesThat(resideInAPackage(SPRING)
			.and(resideOutsideOfPackages("org.springframework.amqp..", SPRING_CORE, SPRING_UTIL)))
		.because("the RabbitMQ broker talks through Spring AMQP, not the Spring container");

	@ArchTest
	static final ArchRule redisClientsUseOnlySpringDataRedis = noClasses().that()
		.resideInAnyPackage("io.dramatiq.broker.redis..", "io.dramatiq.results.redis..",
				"io.dramatiq.ratelimit.redis..", "io.dramatiq.abort.redis..")
		.should()
		.dependOnClassesThat(resideInAPackage(SPRING).and(resideOutsideOfPackages("org.springframework.data.redis..",
				"org.springframework.dao..", SPRING_CORE, SPRING_UTIL)))
		.because("the Redis broker and backends talk through Spring Data Redis, not the Spring container");

	@ArchTest
	static final ArchRule nothingOutsideTheGlueDependsOnIt = noClasses().that()
		.resideOutsideOfPackage("io.dramatiq.spring..")
		.should()
		.dependOnClassesThat(resideInAnyPackage("io.dramatiq.spring.."))
		.because("the core and the brokers are usable without the Spring glue");

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

	@ArchTest
	static final ArchRule packagesAreFreeOfCycles = slices().matching("io.dramatiq.(**)").should().beFreeOfCycles();

}
