package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.abort.Abortable;
import io.dramatiq.broker.Broker;
import io.dramatiq.metrics.DramatiqMetrics;
import io.dramatiq.middleware.MessageHistory;
import io.dramatiq.spring.ActorBeanPostProcessor;
import io.dramatiq.spring.ActorOptionLayers;
import io.dramatiq.spring.SchedulerContainer;
import io.dramatiq.spring.boot.actuate.ActorDescriptions;
import io.dramatiq.spring.boot.actuate.DramatiqEndpoint;
import io.dramatiq.spring.boot.dashboard.DashboardAccess;
import io.dramatiq.spring.boot.dashboard.DashboardHandler;
import io.dramatiq.spring.boot.dashboard.DramatiqDashboard;
import io.dramatiq.spring.boot.dashboard.MessageTotals;
import io.dramatiq.spring.boot.dashboard.MeterMessageTotals;
import io.dramatiq.spring.boot.dashboard.WebFluxDashboardRoutes;
import io.dramatiq.spring.boot.dashboard.WebMvcDashboardRoutes;
import io.dramatiq.worker.Worker;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.PropertiesEndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.EndpointAccessResolver;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The Dramatiq dashboard, when {@code dramatiq.dashboard.enabled=true} in a web
 * application with the actuator on the class path and a {@link Broker} bean. It
 * contributes:
 * <ul>
 * <li>{@code dramatiqMessageHistory}: the {@link MessageHistory} middleware, for recent
 * failures, message histories and busy threads; unless a {@link MessageHistory} bean
 * exists;</li>
 * <li>{@code dramatiqDashboard}: the {@link DramatiqDashboard}, read-only unless
 * {@code management.endpoint.dramatiq.access=unrestricted}, showing arguments as
 * {@code management.endpoint.dramatiq.show-values} says, as the {@code dramatiq} endpoint
 * does, listing the schedules of the {@link SchedulerContainer}, if any, and aborting
 * messages through the {@link Abortable} middleware, if any
 * ({@code dramatiq.abort.enabled=true}); unless a {@link DramatiqDashboard} bean
 * exists;</li>
 * <li>{@code dramatiqDashboardHandler} and {@code dramatiqDashboardRoutes}: the pages and
 * JSON API under {@code dramatiq.dashboard.path}, as a Spring MVC or a WebFlux functional
 * endpoint.</li>
 * </ul>
 */
@AutoConfiguration(after = { DramatiqAutoConfiguration.class, DramatiqMetricsAutoConfiguration.class },
		afterName = "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration")
@ConditionalOnClass({ DramatiqEndpoint.class, PropertiesEndpointAccessResolver.class })
@ConditionalOnBooleanProperty(DramatiqDashboardProperties.PREFIX + ".enabled")
@ConditionalOnWebApplication
@ConditionalOnBean(Broker.class)
@EnableConfigurationProperties({ DramatiqDashboardProperties.class, DramatiqEndpointProperties.class })
public final class DramatiqDashboardAutoConfiguration {

	private static final EndpointId DRAMATIQ = EndpointId.of("dramatiq");

	@Bean
	@ConditionalOnMissingBean
	MessageHistory dramatiqMessageHistory(DramatiqDashboardProperties properties) {
		properties.validate();
		return new MessageHistory(properties.getRecentMessages(), properties.getRecentFailures(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	DramatiqDashboard dramatiqDashboard(Broker broker, ObjectProvider<ActorBeanPostProcessor> processor,
			ObjectProvider<ActorOptionLayers> layers, MessageHistory history, DramatiqEndpointProperties endpoint,
			ObjectProvider<EndpointAccessResolver> accessResolver, Environment environment,
			ObjectProvider<MessageTotals.Source> totals, ObjectProvider<Worker> worker,
			ObjectProvider<Abortable> abortable, ObjectProvider<SchedulerContainer> schedulers) {
		ActorBeanPostProcessor actors = processor.getIfUnique();
		ActorDescriptions descriptions = new ActorDescriptions(broker,
				(actorName) -> (actors != null) ? actors.resolvedOptions().get(actorName) : null, layers.getIfUnique());
		// the endpoint's own rule: writes only when its access is unrestricted
		Access access = accessResolver.getIfAvailable(() -> new PropertiesEndpointAccessResolver(environment))
			.accessFor(DRAMATIQ, Access.READ_ONLY);
		DashboardAccess rules = new DashboardAccess(access == Access.UNRESTRICTED, endpoint.getShowValues(),
				endpoint.getRoles());
		DramatiqDashboard dashboard = new DramatiqDashboard(broker, descriptions, history, rules,
				totals.getIfAvailable(() -> (queueName) -> MessageTotals.NONE), worker::getIfUnique);
		dashboard.setAbortable(abortable.getIfUnique());
		schedulers.ifUnique((container) -> dashboard.setSchedules(container.getScheduler()::states));
		return dashboard;
	}

	@Bean
	@ConditionalOnMissingBean
	DashboardHandler dramatiqDashboardHandler(DramatiqDashboard dashboard, DramatiqDashboardProperties properties) {
		properties.validate();
		return new DashboardHandler(dashboard, properties.getPath(), JsonMapper.builder().build(),
				properties.getRefreshInterval().toMillis());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MeterRegistry.class, DramatiqMetrics.class })
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsTotalsConfiguration {

		@Bean
		MeterMessageTotals dramatiqDashboardMessageTotals(MeterRegistry registry) {
			return new MeterMessageTotals(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(org.springframework.web.servlet.function.RouterFunction.class)
	static class WebMvcConfiguration {

		@Bean
		org.springframework.web.servlet.function.RouterFunction<org.springframework.web.servlet.function.ServerResponse> dramatiqDashboardRoutes(
				DashboardHandler handler) {
			return WebMvcDashboardRoutes.routes(handler);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
	@ConditionalOnClass(org.springframework.web.reactive.function.server.RouterFunction.class)
	static class WebFluxConfiguration {

		@Bean
		org.springframework.web.reactive.function.server.RouterFunction<org.springframework.web.reactive.function.server.ServerResponse> dramatiqDashboardRoutes(
				DashboardHandler handler) {
			return WebFluxDashboardRoutes.routes(handler);
		}

	}

}
