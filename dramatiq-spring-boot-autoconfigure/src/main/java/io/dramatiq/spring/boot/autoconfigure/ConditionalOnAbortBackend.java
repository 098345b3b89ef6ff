package io.dramatiq.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the abort backend is the given one: {@code dramatiq.abort.backend}, or the
 * broker's type when it is not set.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnAbortBackendCondition.class)
@interface ConditionalOnAbortBackend {

	/**
	 * The backend that matches.
	 * @return the backend
	 */
	AbortBackendType value();

}
