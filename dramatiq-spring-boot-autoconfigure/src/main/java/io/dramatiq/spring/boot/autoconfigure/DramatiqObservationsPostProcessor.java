package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.AbstractBroker;
import io.dramatiq.observation.DramatiqProcessObservationConvention;
import io.dramatiq.observation.DramatiqSendObservationConvention;
import io.dramatiq.worker.Worker;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Gives every broker bean (an {@link AbstractBroker}) and every {@link Worker} bean the
 * application's {@link ObservationRegistry} and its observation conventions, so that
 * enqueues are {@code dramatiq.send} observations and runs {@code dramatiq.process}
 * observations. A convention bean replaces the default one.
 */
class DramatiqObservationsPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<ObservationRegistry> registry;

	private final ObjectProvider<DramatiqSendObservationConvention> sendConvention;

	private final ObjectProvider<DramatiqProcessObservationConvention> processConvention;

	DramatiqObservationsPostProcessor(ObjectProvider<ObservationRegistry> registry,
			ObjectProvider<DramatiqSendObservationConvention> sendConvention,
			ObjectProvider<DramatiqProcessObservationConvention> processConvention) {
		this.registry = registry;
		this.sendConvention = sendConvention;
		this.processConvention = processConvention;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof AbstractBroker broker) {
			ObservationRegistry registry = this.registry.getIfUnique();
			if (registry != null) {
				broker.setObservationRegistry(registry);
				broker.setSendObservationConvention(this.sendConvention.getIfUnique());
			}
		}
		else if (bean instanceof Worker worker) {
			ObservationRegistry registry = this.registry.getIfUnique();
			if (registry != null) {
				worker.setObservationRegistry(registry);
				worker.setProcessObservationConvention(this.processConvention.getIfUnique());
			}
		}
		return bean;
	}

}
