package io.dramatiq.spring;

import java.beans.Introspector;
import java.util.Objects;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Registers a bean for each {@link ActorClient @ActorClient} interface, created by an
 * {@link ActorClientFactoryBean} and named after the interface ({@code mailer} for
 * {@code Mailer}), so it is injectable by type. An interface registered twice (by a scan
 * and by {@link EnableActorClients#clients()}) gets one bean.
 */
public class ActorClientScanner {

	/** Attribute of a client's bean definition holding its interface. */
	static final String CLIENT_ATTRIBUTE = ActorClientScanner.class.getName() + ".client";

	private final BeanDefinitionRegistry registry;

	private final ClassPathScanningCandidateComponentProvider provider;

	private final ClassLoader classLoader;

	/**
	 * Create a scanner.
	 * @param registry where the client beans are registered
	 * @param environment the environment, for the scan's profile conditions
	 * @param resourceLoader loads the classes and finds them on the class path
	 */
	public ActorClientScanner(BeanDefinitionRegistry registry, Environment environment, ResourceLoader resourceLoader) {
		this.registry = Objects.requireNonNull(registry, "'registry' must not be null");
		this.provider = new ClassPathScanningCandidateComponentProvider(false, environment) {

			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition beanDefinition) {
				return beanDefinition.getMetadata().isInterface() && beanDefinition.getMetadata().isIndependent()
						&& !beanDefinition.getMetadata().isAnnotation();
			}

		};
		this.provider.setResourceLoader(resourceLoader);
		this.provider.addIncludeFilter(new AnnotationTypeFilter(ActorClient.class));
		this.classLoader = resourceLoader.getClassLoader();
	}

	/**
	 * Register the {@code @ActorClient} interfaces of packages and their sub-packages.
	 * @param basePackages the package names
	 */
	public void scan(String... basePackages) {
		for (String basePackage : basePackages) {
			for (BeanDefinition candidate : this.provider.findCandidateComponents(basePackage)) {
				register(load(candidate.getBeanClassName()));
			}
		}
	}

	/**
	 * Register one client interface.
	 * @param client the interface
	 * @throws ActorClientDefinitionException if it is not an {@code @ActorClient}
	 * interface
	 */
	public void register(Class<?> client) {
		if (!client.isInterface() || !client.isAnnotationPresent(ActorClient.class)) {
			throw new ActorClientDefinitionException(client.getName() + " is not an @ActorClient interface.",
					"Annotate the interface with @ActorClient.");
		}
		String beanName = Introspector.decapitalize(ClassUtils.getShortName(client));
		if (this.registry.containsBeanDefinition(beanName)
				&& client.equals(this.registry.getBeanDefinition(beanName).getAttribute(CLIENT_ATTRIBUTE))) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(ActorClientFactoryBean.class);
		definition.setTargetType(ResolvableType.forClassWithGenerics(ActorClientFactoryBean.class, client));
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, client);
		definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, client);
		definition.setAttribute(CLIENT_ATTRIBUTE, client);
		this.registry.registerBeanDefinition(beanName, definition);
	}

	private Class<?> load(String className) {
		try {
			return ClassUtils.forName(className, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new IllegalStateException("Cannot load @ActorClient interface " + className + ".", ex);
		}
	}

}
