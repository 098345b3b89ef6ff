package io.dramatiq.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Registers a bean for each {@link ActorClient @ActorClient} interface found in the given
 * packages, or listed in {@link #clients()}. With none of them set, the package of the
 * annotated class is scanned. With Spring Boot this is not needed: the application's
 * packages are scanned unless {@code dramatiq.actor-clients.enabled=false}; declaring
 * this annotation replaces that scan.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(ActorClientsRegistrar.class)
public @interface EnableActorClients {

	/**
	 * Packages to scan for {@code @ActorClient} interfaces, sub-packages included.
	 * @return the package names
	 */
	String[] basePackages() default {};

	/**
	 * Classes whose packages are scanned, a type-safe {@link #basePackages()}.
	 * @return the classes
	 */
	Class<?>[] basePackageClasses() default {};

	/**
	 * {@code @ActorClient} interfaces to register without scanning.
	 * @return the interfaces
	 */
	Class<?>[] clients() default {};

}
