package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.Broker;
import io.dramatiq.metrics.DramatiqMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Metrics of Dramatiq, when Micrometer is on the class path and a {@link MeterRegistry}
 * bean and a {@link Broker} bean exist. It contributes:
 * <ul>
 * <li>{@code dramatiqMetrics}: the {@link DramatiqMetrics} middleware on that registry,
 * unless a {@link DramatiqMetrics} bean exists. As a middleware bean it is added to every
 * auto-configured broker by the {@link DramatiqBrokerConfigurer}, so that a Prometheus
 * scrape shows Python Dramatiq's metric names and labels.</li>
 * </ul>
 */
@AutoConfiguration(after = DramatiqAutoConfiguration.class, afterName = {
		"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, Broker.class })
public final class DramatiqMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DramatiqMetrics dramatiqMetrics(MeterRegistry registry) {
		return new DramatiqMetrics(registry);
	}

}
