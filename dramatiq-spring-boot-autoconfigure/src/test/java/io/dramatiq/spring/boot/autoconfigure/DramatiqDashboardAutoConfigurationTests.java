package io.dramatiq.spring.boot.autoconfigure;

import java.util.Map;

import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.middleware.MessageHistory;
import io.dramatiq.spring.boot.dashboard.DashboardHandler;
import io.dramatiq.spring.boot.dashboard.DashboardResponse;
import io.dramatiq.spring.boot.dashboard.DramatiqDashboard;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.convert.support.ConfigurableConversionService;
import org.springframework.web.servlet.function.RouterFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DramatiqDashboardAutoConfiguration}: off unless enabled, in servlet
 * and reactive applications only, read-only unless the {@code dramatiq} endpoint's access
 * is unrestricted, and bad settings fail start-up naming the property.
 */
class DramatiqDashboardAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DramatiqAutoConfiguration.class, DramatiqDashboardAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=false")
		// as SpringApplication does, so that 'unrestricted' converts to Access
		.withInitializer((context) -> context.getEnvironment()
			.setConversionService((ConfigurableConversionService) ApplicationConversionService.getSharedInstance()));

	@Test
	void dashboardIsOffByDefault() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(DramatiqDashboard.class)
			.doesNotHaveBean(MessageHistory.class)
			.doesNotHaveBean("dramatiqDashboardRoutes"));
	}

	@Test
	void enabledDashboardIsRoutedInAServletApplication() {
		this.contextRunner.withPropertyValues("dramatiq.dashboard.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(DramatiqDashboard.class).hasSingleBean(RouterFunction.class);
			// the history is a middleware of the broker, for failures and busy threads
			assertThat(context.getBean(StubBroker.class).middleware()).contains(context.getBean(MessageHistory.class));
			assertThat(context.getBean(DashboardHandler.class).base()).isEqualTo("/dramatiq");
			assertThat(context.getBean(DramatiqDashboard.class).isWritable()).isFalse();
		});
	}

	@Test
	void enabledDashboardIsRoutedInAReactiveApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DramatiqAutoConfiguration.class, DramatiqDashboardAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=false",
					"dramatiq.dashboard.enabled=true")
			.run((context) -> assertThat(context)
				.hasSingleBean(org.springframework.web.reactive.function.server.RouterFunction.class)
				.doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void noDashboardOutsideAWebApplication() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DramatiqAutoConfiguration.class, DramatiqDashboardAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=false",
					"dramatiq.dashboard.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean(DramatiqDashboard.class));
	}

	@Test
	void noDashboardWithoutTheActuator() {
		this.contextRunner.withPropertyValues("dramatiq.dashboard.enabled=true")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).doesNotHaveBean(DramatiqDashboard.class));
	}

	@Test
	void writesFollowTheAccessOfTheDramatiqEndpoint() {
		this.contextRunner
			.withPropertyValues("dramatiq.dashboard.enabled=true", "management.endpoint.dramatiq.access=unrestricted")
			.run((context) -> assertThat(context.getBean(DramatiqDashboard.class).isWritable()).isTrue());
	}

	@Test
	void pathIsConfigurable() {
		this.contextRunner.withPropertyValues("dramatiq.dashboard.enabled=true", "dramatiq.dashboard.path=/admin/tasks")
			.run((context) -> {
				DashboardHandler handler = context.getBean(DashboardHandler.class);
				DashboardResponse page = handler.handle("GET", "/admin/tasks/actors", Map.of(), new byte[0],
						SecurityContext.NONE);
				assertThat(page.status()).isEqualTo(200);
				assertThat(page.text()).contains("data-base=\"/admin/tasks\"").contains("data-view=\"actors\"");
			});
	}

	@Test
	void badPathFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("dramatiq.dashboard.enabled=true", "dramatiq.dashboard.path=dramatiq/")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessageContaining("Property 'dramatiq.dashboard.path' must start with '/'"));
	}

	@Test
	void misspeltDashboardPropertyFailsWithTheClosestName() {
		this.contextRunner.withPropertyValues("dramatiq.dashboard.enabeld=true")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("dramatiq.dashboard.enabeld")
				.hasMessageContaining("dramatiq.dashboard.enabled"));
	}

}
