package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.Broker;
import io.dramatiq.spring.WorkerContainer;
import io.dramatiq.spring.boot.actuate.DramatiqHealthIndicator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * Health of Dramatiq, when Spring Boot's health support is on the class path, a
 * {@link Broker} bean exists and {@code management.health.dramatiq.enabled} is not
 * {@code false}. It contributes:
 * <ul>
 * <li>{@code dramatiqHealthIndicator}: a {@link DramatiqHealthIndicator} of the broker
 * and, if there is one, the worker container, shown as {@code dramatiq}; unless a bean of
 * that name exists.</li>
 * </ul>
 */
@AutoConfiguration(after = DramatiqAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Broker.class)
@ConditionalOnEnabledHealthIndicator("dramatiq")
public final class DramatiqHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "dramatiqHealthIndicator")
	DramatiqHealthIndicator dramatiqHealthIndicator(Broker broker, ObjectProvider<WorkerContainer> container) {
		return new DramatiqHealthIndicator(broker, container.getIfUnique());
	}

}
