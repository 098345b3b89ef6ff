package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.abort.Abortable;
import io.dramatiq.broker.Broker;
import io.dramatiq.spring.ActorBeanPostProcessor;
import io.dramatiq.spring.ActorOptionLayers;
import io.dramatiq.spring.SchedulerContainer;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The {@code dramatiq} actuator endpoint, when the actuator is on the class path, a
 * {@link Broker} bean exists and the endpoint is available (its access is not
 * {@code none} and it is exposed, as with
 * {@code management.endpoints.web.exposure.include=dramatiq}). It contributes:
 * <ul>
 * <li>{@code dramatiqEndpoint}: a {@link DramatiqEndpoint} on the broker, showing the
 * options the {@code @Actor} post-processor resolved and hiding the arguments of dead
 * letters as {@code management.endpoint.dramatiq.show-values} and {@code roles} say
 * ({@link DramatiqEndpointProperties}), and listing the schedules of the
 * {@link SchedulerContainer}, if any; unless a {@link DramatiqEndpoint} bean exists. With
 * {@code dramatiq.abort.enabled=true} it can abort messages. Its write operations follow
 * Spring Boot's endpoint access ({@code management.endpoint.dramatiq.access}, read-only
 * by default);</li>
 * <li>{@code dramatiqDeprecatedEndpointProperty}: lets the deprecated
 * {@code dramatiq.endpoint.write-operations-enabled=true} still allow the write
 * operations, with a warning (see {@link DeprecatedEndpointProperty}).</li>
 * </ul>
 */
@AutoConfiguration(after = DramatiqAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(Broker.class)
@ConditionalOnAvailableEndpoint(DramatiqEndpoint.class)
@EnableConfigurationProperties(DramatiqEndpointProperties.class)
public final class DramatiqEndpointAutoConfiguration {

	@Bean
	static DeprecatedEndpointProperty dramatiqDeprecatedEndpointProperty() {
		return new DeprecatedEndpointProperty();
	}

	@Bean
	@ConditionalOnMissingBean
	DramatiqEndpoint dramatiqEndpoint(Broker broker, ObjectProvider<ActorBeanPostProcessor> processor,
			ObjectProvider<ActorOptionLayers> layers, DramatiqEndpointProperties properties,
			ObjectProvider<Abortable> abortable, ObjectProvider<SchedulerContainer> schedulers) {
		ActorBeanPostProcessor actors = processor.getIfUnique();
		DramatiqEndpoint endpoint = new DramatiqEndpoint(broker,
				(actorName) -> (actors != null) ? actors.resolvedOptions().get(actorName) : null, layers.getIfUnique(),
				properties.getShowValues(), properties.getRoles(), abortable.getIfUnique());
		schedulers.ifUnique((container) -> endpoint.setSchedules(container.getScheduler()::states));
		return endpoint;
	}

}
