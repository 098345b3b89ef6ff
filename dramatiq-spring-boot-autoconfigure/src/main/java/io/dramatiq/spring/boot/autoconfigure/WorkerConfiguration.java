package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.dramatiq.broker.Broker;
import io.dramatiq.message.QueueNames;
import io.dramatiq.spring.WorkerContainer;
import io.dramatiq.worker.VirtualThreads;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link Worker}, built from {@code dramatiq.worker.*}, and the
 * {@link WorkerContainer} that starts it last and stops it first, unless
 * {@code dramatiq.worker.enabled=false} (then the application only sends).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "dramatiq.worker.enabled", matchIfMissing = true)
class WorkerConfiguration {

	private static final String PREFIX = "dramatiq.worker.";

	@Bean
	@ConditionalOnMissingBean
	Worker dramatiqWorker(Broker broker, DramatiqProperties properties) {
		return new Worker(broker, workerOptions(properties.getWorker()));
	}

	@Bean
	@ConditionalOnMissingBean
	WorkerContainer dramatiqWorkerContainer(Worker worker, ObjectProvider<LifecycleProperties> lifecycleProperties) {
		WorkerContainer container = new WorkerContainer(worker);
		// the container asks for more than spring.lifecycle.timeout-per-shutdown-phase
		// for its own phase when dramatiq.worker.shutdown-timeout needs it
		lifecycleProperties
			.ifAvailable((properties) -> container.setShutdownPhaseTimeout(properties.getTimeoutPerShutdownPhase()));
		return container;
	}

	static WorkerOptions workerOptions(DramatiqWorkerProperties worker) {
		if (worker.getThreads() < 1) {
			throw DramatiqPropertyException.atLeast(PREFIX + "threads", worker.getThreads(), "1");
		}
		requirePositive("worker-timeout", worker.getWorkerTimeout());
		requireNotNegative("shutdown-timeout", worker.getShutdownTimeout());
		requireNotNegative("restart-delay", worker.getRestartDelay());
		if (worker.getMaxRestartDelay() == null
				|| worker.getMaxRestartDelay().compareTo(worker.getRestartDelay()) < 0) {
			throw DramatiqPropertyException.atLeast(PREFIX + "max-restart-delay", worker.getMaxRestartDelay(),
					"'" + PREFIX + "restart-delay' (" + worker.getRestartDelay() + ")");
		}
		if (worker.getQueuePrefetch() < 0) {
			throw DramatiqPropertyException.atLeast(PREFIX + "queue-prefetch", worker.getQueuePrefetch(), "0");
		}
		if (worker.getDelayQueuePrefetch() < 0) {
			throw DramatiqPropertyException.atLeast(PREFIX + "delay-queue-prefetch", worker.getDelayQueuePrefetch(),
					"0");
		}
		if (worker.isVirtualThreads() && !VirtualThreads.isSupported()) {
			throw new DramatiqPropertyException(PREFIX + "virtual-threads", true,
					"Property '" + PREFIX + "virtual-threads' is true, which needs Java 21 or later, but the"
							+ " application runs on Java " + Runtime.version().feature() + ".",
					"Run the application on Java 21 or later, or set '" + PREFIX + "virtual-threads' to false.");
		}
		return new WorkerOptions(worker.getThreads(), worker.getWorkerTimeout(), worker.getQueuePrefetch(),
				worker.getDelayQueuePrefetch(), queues(worker.getQueues()), worker.getShutdownTimeout(),
				worker.getRestartDelay(), worker.getMaxRestartDelay(), worker.isVirtualThreads());
	}

	private static Set<String> queues(List<String> queues) {
		Set<String> names = new LinkedHashSet<>();
		for (int i = 0; i < queues.size(); i++) {
			String name = queues.get(i);
			try {
				names.add(QueueNames.validate(name));
			}
			catch (IllegalArgumentException ex) {
				String property = PREFIX + "queues[" + i + "]";
				throw new DramatiqPropertyException(property, name, "Property '" + property + "': " + ex.getMessage(),
						"List canonical queue names in '" + PREFIX + "queues', such as 'default'.");
			}
		}
		return names;
	}

	private static void requirePositive(String name, Duration value) {
		if (value == null || value.isZero() || value.isNegative()) {
			throw DramatiqPropertyException.atLeast(PREFIX + name, value, "1ms");
		}
	}

	private static void requireNotNegative(String name, Duration value) {
		if (value == null || value.isNegative()) {
			throw DramatiqPropertyException.atLeast(PREFIX + name, value, "0s");
		}
	}

}
