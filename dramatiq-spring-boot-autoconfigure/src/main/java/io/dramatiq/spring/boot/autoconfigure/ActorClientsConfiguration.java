package io.dramatiq.spring.boot.autoconfigure;

import java.util.List;

import io.dramatiq.spring.ActorClientFactoryBean;
import io.dramatiq.spring.ActorClientScanner;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the {@link io.dramatiq.spring.ActorClient @ActorClient} interfaces of the
 * application's packages (those of {@code @SpringBootApplication}, as Spring Data finds
 * repositories), unless {@code dramatiq.actor-clients.enabled=false} or the application
 * registers its own with {@link io.dramatiq.spring.EnableActorClients
 *
 * @EnableActorClients}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "dramatiq.actor-clients.enabled", matchIfMissing = true)
@ConditionalOnMissingBean(ActorClientFactoryBean.class)
@Import(ActorClientsConfiguration.Registrar.class)
class ActorClientsConfiguration {

	/**
	 * Scans the auto-configuration packages.
	 */
	static class Registrar
			implements ImportBeanDefinitionRegistrar, BeanFactoryAware, EnvironmentAware, ResourceLoaderAware {

		private BeanFactory beanFactory;

		private Environment environment;

		private ResourceLoader resourceLoader;

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

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
			if (!AutoConfigurationPackages.has(this.beanFactory)) {
				return;
			}
			List<String> packages = AutoConfigurationPackages.get(this.beanFactory);
			new ActorClientScanner(registry, this.environment, this.resourceLoader)
				.scan(packages.toArray(String[]::new));
		}

	}

}
