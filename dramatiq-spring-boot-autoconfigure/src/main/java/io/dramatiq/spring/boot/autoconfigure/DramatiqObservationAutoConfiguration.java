package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.observation.DramatiqProcessObservationConvention;
import io.dramatiq.observation.DramatiqSendObservationConvention;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer observations of Dramatiq, when an {@link ObservationRegistry} bean exists
 * (Spring Boot's observation auto-configuration makes one with the actuator), unless
 * {@code dramatiq.observations.enabled=false}. It contributes:
 * <ul>
 * <li>{@code dramatiqObservationsPostProcessor}: gives the broker and worker beans that
 * registry, so that every enqueue is a {@code dramatiq.send} observation and every run of
 * an actor a {@code dramatiq.process} observation, named and tagged by the
 * {@link DramatiqSendObservationConvention} and
 * {@link DramatiqProcessObservationConvention} beans when there are, else by the
 * defaults. With Micrometer Tracing, they are producer and consumer spans whose trace
 * context travels in the message's {@code traceparent} option, and the logging context
 * holds the trace id while an actor runs.</li>
 * </ul>
 */
@AutoConfiguration(after = DramatiqAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty(name = "dramatiq.observations.enabled", matchIfMissing = true)
public final class DramatiqObservationAutoConfiguration {

	@Bean
	static DramatiqObservationsPostProcessor dramatiqObservationsPostProcessor(
			ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<DramatiqSendObservationConvention> sendConvention,
			ObjectProvider<DramatiqProcessObservationConvention> processConvention) {
		return new DramatiqObservationsPostProcessor(registry, sendConvention, processConvention);
	}

}
