package io.dramatiq.spring.boot.dashboard;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The application of the dashboard's browser tests: every auto-configuration on the test
 * class path, and one actor, {@value #ACTOR}, on the queue that
 * {@code dashboard-test.queue} names, which fails while {@link Outcomes#failing} is set.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class DashboardTestApplication {

	static final String ACTOR = "dashboard_task";

	@Bean
	static Outcomes dashboardTestOutcomes(Environment environment) {
		return new Outcomes(environment.getRequiredProperty("dashboard-test.queue"));
	}

	/**
	 * Declares the actor on the broker before the worker starts, records what it
	 * processed, and cleans up when the context closes.
	 */
	static final class Outcomes implements BeanPostProcessor, DisposableBean {

		final List<Runnable> onClose = new CopyOnWriteArrayList<>();

		final String queue;

		final AtomicBoolean failing = new AtomicBoolean(true);

		final List<Object> processed = new CopyOnWriteArrayList<>();

		Outcomes(String queue) {
			this.queue = queue;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof Broker broker && broker.actors().find(ACTOR).isEmpty()) {
				broker.declareActor(new ActorDefinition(ACTOR, this.queue, 0, Map.of(), (args, kwargs) -> {
					if (this.failing.get()) {
						throw new IllegalStateException("Refused " + args);
					}
					this.processed.addAll(args);
					return null;
				}));
			}
			return bean;
		}

		/**
		 * Run the clean-ups the tests registered, once the worker has stopped.
		 */
		@Override
		public void destroy() {
			this.onClose.forEach(Runnable::run);
		}

	}

}
