package io.dramatiq.spring.boot.autoconfigure;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.rabbitmq.RabbitmqBroker;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.schedule.LocalScheduleLock;
import io.dramatiq.schedule.Schedule;
import io.dramatiq.schedule.ScheduleLock;
import io.dramatiq.schedule.Scheduler;
import io.dramatiq.spring.ActorBeanPostProcessor;
import io.dramatiq.spring.SchedulerContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Periodic actors, unless {@code dramatiq.scheduler.enabled=false}, with or without a
 * worker:
 * <ul>
 * <li>{@code dramatiqScheduleLock}: the broker's {@link ScheduleLock} (a key per tick on
 * Redis, an exclusive consumer on RabbitMQ, the stub broker's memory), unless a
 * {@link ScheduleLock} bean exists; for another broker, a lock in memory, with a
 * warning;</li>
 * <li>{@code dramatiqSchedulerContainer}: a {@link SchedulerContainer} running a
 * {@link Scheduler} with the schedules of {@code @Periodic} actors and
 * {@code dramatiq.schedules.*}, unless one exists.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "dramatiq.scheduler.enabled", matchIfMissing = true)
class SchedulerConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(SchedulerConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ScheduleLock dramatiqScheduleLock(Broker broker) {
		// the broker's type first, so that the class of an absent client is never loaded
		ScheduleLock lock = switch (broker.type()) {
			case "redis" -> (broker instanceof RedisBroker redis) ? redis.scheduleLock() : null;
			case "rabbitmq" -> (broker instanceof RabbitmqBroker rabbitmq) ? rabbitmq.scheduleLock() : null;
			case "stub" -> (broker instanceof StubBroker stub) ? stub.scheduleLock() : null;
			default -> null;
		};
		if (lock != null) {
			return lock;
		}
		logger.warn(
				"Broker {} has no schedule lock: every instance of this application enqueues every tick of its"
						+ " periodic actors. Define a ScheduleLock bean to share the ticks.",
				broker.getClass().getName());
		return new LocalScheduleLock();
	}

	@Bean
	@ConditionalOnMissingBean
	SchedulerContainer dramatiqSchedulerContainer(Broker broker, ScheduleLock lock, DramatiqProperties properties,
			ObjectProvider<ActorBeanPostProcessor> processor) {
		ActorBeanPostProcessor actors = processor.getIfUnique();
		Map<String, Method> methods = (actors != null) ? actors.actorMethods() : Map.of();
		List<Schedule> schedules = ScheduleDefinitions.resolve(properties.getSchedules(), methods);
		return new SchedulerContainer(new Scheduler(broker, lock, schedules));
	}

}
