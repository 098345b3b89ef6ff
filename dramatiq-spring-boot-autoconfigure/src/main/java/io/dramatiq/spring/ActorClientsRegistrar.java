package io.dramatiq.spring;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Registers the {@link ActorClient @ActorClient} beans of an
 * {@link EnableActorClients @EnableActorClients} annotation.
 */
class ActorClientsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, ResourceLoaderAware {

	private Environment environment;

	private ResourceLoader resourceLoader;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(EnableActorClients.class.getName());
		if (attributes == null) {
			return;
		}
		ActorClientScanner scanner = new ActorClientScanner(registry, this.environment, this.resourceLoader);
		Set<String> packages = new LinkedHashSet<>();
		for (String name : (String[]) attributes.get("basePackages")) {
			packages.add(name);
		}
		for (Class<?> type : (Class<?>[]) attributes.get("basePackageClasses")) {
			packages.add(ClassUtils.getPackageName(type));
		}
		Class<?>[] clients = (Class<?>[]) attributes.get("clients");
		if (packages.isEmpty() && clients.length == 0) {
			packages.add(ClassUtils.getPackageName(metadata.getClassName()));
		}
		scanner.scan(packages.toArray(String[]::new));
		for (Class<?> client : clients) {
			scanner.register(client);
		}
	}

}
