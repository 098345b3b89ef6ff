package io.dramatiq.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Fails start-up when a {@code dramatiq.*} property is set that Dramatiq does not know,
 * such as {@code dramatiq.worker.thread}, naming the property, where it is set and the
 * closest valid name. Without it a misspelt setting would be ignored and its default
 * would apply in silence.
 * <p>
 * It runs before any bean is created, so before a broker or worker starts with the wrong
 * settings, and looks at every property source: files, command-line arguments, system
 * properties and environment variables ({@code DRAMATIQ_WORKER_THREAD}). Spring Boot's
 * {@code ignoreUnknownFields = false} would not do here: it skips environment variables
 * and system properties, and cannot tell that {@code DRAMATIQ_WORKER_SHUTDOWN_TIMEOUT}
 * sets {@code dramatiq.worker.shutdown-timeout}. Actor names under
 * {@code dramatiq.actors} and keys under {@code dramatiq.actors.<name>.options} are free;
 * the actors and their middleware check those. Python Dramatiq's own environment
 * variables ({@code dramatiq_dead_message_ttl}, ...) are left alone.
 */
class UnknownPropertiesCheck implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

	/**
	 * Environment variables that Python Dramatiq reads, in the uniform form of the
	 * property names Spring maps them to: services that share an environment with Python
	 * workers may set them.
	 */
	private static final Set<String> PYTHON_ENVIRONMENT = Set.of("dramatiqdeadmessagettl", "dramatiqluamaxstack",
			"dramatiqgroupcallbackbarrierttl", "dramatiqpromdb", "dramatiqpromhost", "dramatiqpromport",
			"dramatiqrestartdelay", "dramatiqqueueprefetch", "dramatiqdelayqueueprefetch", "dramatiqworkertimeout");

	private Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return HIGHEST_PRECEDENCE;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		if (this.environment instanceof ConfigurableEnvironment configurable) {
			check(configurable);
		}
	}

	/**
	 * Check the {@code dramatiq.*} properties of an environment.
	 * @param environment the environment
	 * @throws DramatiqPropertyException naming every unknown property
	 */
	static void check(ConfigurableEnvironment environment) {
		Iterable<ConfigurationPropertySource> sources = ConfigurationPropertySources.get(environment);
		DramatiqPropertyNames names = DramatiqPropertyNames.bind(Binder.get(environment));
		TreeMap<ConfigurationPropertyName, ConfigurationProperty> unknown = new TreeMap<>();
		for (ConfigurationPropertySource source : sources) {
			if (source instanceof IterableConfigurationPropertySource iterable) {
				boolean environmentVariables = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
				iterable.filter(DramatiqPropertyNames.ROOT::isAncestorOf)
					.stream()
					.filter((name) -> !names.isBound(name, environmentVariables))
					.filter((name) -> !(environmentVariables && isPythonVariable(name)))
					.forEach((name) -> unknown.putIfAbsent(name, iterable.getConfigurationProperty(name)));
			}
		}
		if (!unknown.isEmpty()) {
			throw failure(names, new ArrayList<>(unknown.values()));
		}
	}

	private static boolean isPythonVariable(ConfigurationPropertyName name) {
		StringBuilder uniform = new StringBuilder();
		for (int i = 0; i < name.getNumberOfElements(); i++) {
			uniform.append(name.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
		}
		return PYTHON_ENVIRONMENT.contains(uniform.toString().toLowerCase(Locale.ROOT));
	}

	private static DramatiqPropertyException failure(DramatiqPropertyNames names, List<ConfigurationProperty> unknown) {
		StringBuilder message = new StringBuilder();
		StringBuilder action = new StringBuilder();
		for (ConfigurationProperty property : unknown) {
			ConfigurationPropertyName name = property.getName();
			String suggestion = names.closest(name).orElse(null);
			message.append((message.length() > 0) ? " " : "")
				.append("Property '")
				.append(name)
				.append("'")
				.append((property.getOrigin() != null) ? " (" + property.getOrigin() + ")" : "")
				.append(" is not a Dramatiq setting")
				.append((suggestion != null) ? "; did you mean '" + suggestion + "'?" : ".");
			if (suggestion != null) {
				action.append("Rename '").append(name).append("' to '").append(suggestion).append("'. ");
			}
			else {
				ConfigurationPropertyName parent = knownParent(names, name);
				action.append("Remove '")
					.append(name)
					.append("' or correct its name; the settings under '")
					.append(parent)
					.append("' are ")
					.append(names.childNames(parent))
					.append(". ");
			}
		}
		action.append("Every setting is listed in the Settings section of the README.");
		ConfigurationProperty first = unknown.get(0);
		return new DramatiqPropertyException(first.getName().toString(), first.getValue(), message.toString(),
				action.toString());
	}

	private static ConfigurationPropertyName knownParent(DramatiqPropertyNames names, ConfigurationPropertyName name) {
		ConfigurationPropertyName parent = name.getParent();
		while (parent.getNumberOfElements() > 1 && names.children(parent).isEmpty()) {
			parent = parent.getParent();
		}
		return parent;
	}

}
