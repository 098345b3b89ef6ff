package io.dramatiq.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the effective broker type is one of the given ones: the value of
 * {@code dramatiq.broker.type}, or the one detected from the class path when it is not
 * set.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnBrokerTypeCondition.class)
@interface ConditionalOnBrokerType {

	/**
	 * The broker types that match.
	 * @return the broker types
	 */
	BrokerType[] value();

}
