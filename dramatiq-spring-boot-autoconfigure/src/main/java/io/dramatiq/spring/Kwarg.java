package io.dramatiq.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sends the parameter of an {@link ActorClient @ActorClient} method as a keyword argument
 * of the message ({@code kwargs}), which binds to the actor's parameter of that name, as
 * {@code send_with_options(kwargs={...})} does in Python. A {@code null} value is sent as
 * JSON {@code null}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Kwarg {

	/**
	 * Keyword name; defaults to the parameter's name, which needs the interface compiled
	 * with {@code -parameters} (as Spring Boot's build plugins do).
	 * @return the keyword name, or empty
	 */
	String value() default "";

}
