package io.dramatiq.spring.boot.autoconfigure;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps {@code dramatiq.endpoint.write-operations-enabled} working now that Spring Boot's
 * endpoint access decides: {@code true} counts as
 * {@code management.endpoint.dramatiq.access=unrestricted} unless that is set, and either
 * value logs a deprecation warning naming the replacement. It runs before any bean is
 * created, so before Spring Boot resolves the endpoint's access.
 */
class DeprecatedEndpointProperty implements BeanFactoryPostProcessor, EnvironmentAware {

	static final String PROPERTY = "dramatiq.endpoint.write-operations-enabled";

	static final String REPLACEMENT = "management.endpoint.dramatiq.access";

	private static final String PROPERTY_SOURCE = "dramatiqDeprecatedProperties";

	private static final Logger logger = LoggerFactory.getLogger(DeprecatedEndpointProperty.class);

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (!(this.environment instanceof ConfigurableEnvironment configurable)) {
			return;
		}
		Binder binder = Binder.get(configurable);
		Boolean enabled = binder.bind(PROPERTY, Boolean.class).orElse(null);
		if (enabled == null) {
			return;
		}
		boolean replaced = binder.bind(REPLACEMENT, String.class).isBound();
		if (enabled && !replaced) {
			// last, so that no source of the application's is overridden
			configurable.getPropertySources()
				.addLast(new MapPropertySource(PROPERTY_SOURCE, Map.of(REPLACEMENT, Access.UNRESTRICTED.name())));
		}
		logger.warn(
				"Property '{}' is deprecated{}: the 'dramatiq' endpoint follows Spring Boot's endpoint access,"
						+ " read-only by default. Set '{}={}' instead.",
				PROPERTY, (enabled && replaced) ? " and ignored, as '" + REPLACEMENT + "' is set" : "", REPLACEMENT,
				enabled ? "unrestricted" : "read-only");
	}

}
