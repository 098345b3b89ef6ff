package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.middleware.GroupCallbacks;
import io.dramatiq.ratelimit.RateLimiterBackend;
import io.dramatiq.results.ResultBackend;
import io.dramatiq.results.Results;
import io.dramatiq.spring.ActorBeanPostProcessor;
import io.dramatiq.spring.ActorOptionLayers;
import io.dramatiq.spring.CallbackTargetsCheck;
import io.dramatiq.spring.TransactionalSends;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration of Dramatiq, unless {@code dramatiq.enabled=false}. It contributes:
 * <ul>
 * <li>{@code dramatiqUnknownPropertiesCheck}: fails start-up, before any bean is created,
 * when a {@code dramatiq.*} property is set that Dramatiq does not know, naming the
 * closest valid one (see {@link UnknownPropertiesCheck});</li>
 * <li>{@code dramatiqMessageEncoder}: a {@link JsonMessageEncoder}, unless a
 * {@link MessageEncoder} bean exists;</li>
 * <li>{@code dramatiqBrokerConfigurer}: a {@link DramatiqBrokerConfigurer} that gives
 * every broker Python's default middleware, the {@link Middleware} beans and the
 * {@link DramatiqCustomizer}s' changes, unless one exists; with a results backend
 * ({@code dramatiq.results.backend}) the chain gets the {@link Results} middleware, with
 * a rate-limit backend ({@code dramatiq.rate-limits.backend}) the {@link GroupCallbacks}
 * middleware (see {@link ResultsConfiguration});</li>
 * <li>{@code dramatiqBroker}: the broker picked by {@code dramatiq.broker.type} (see
 * {@link StubBrokerConfiguration}), configured by the {@link DramatiqBrokerConfigurer},
 * unless a {@link Broker} bean exists;</li>
 * <li>{@code dramatiqActorOptionLayers}: the actor options of {@code dramatiq.actors.*},
 * unless an {@link ActorOptionLayers} bean exists;</li>
 * <li>{@code dramatiqActorBeanPostProcessor}: turns {@code @Actor} bean methods into
 * actors and {@link io.dramatiq.spring.ActorProxy} beans;</li>
 * <li>{@code dramatiqTransactionalSends}: a {@link TransactionalSends} that makes sends
 * inside a Spring transaction wait for its commit, unless
 * {@code dramatiq.send.after-commit=false} or spring-tx is not on the class path (then
 * every send goes out at once), unless a {@link TransactionalSends} bean exists;</li>
 * <li>a bean per {@link io.dramatiq.spring.ActorClient @ActorClient} interface of the
 * application's packages, unless {@code dramatiq.actor-clients.enabled=false} (see
 * {@link ActorClientsConfiguration});</li>
 * <li>{@code dramatiqWorker} and {@code dramatiqWorkerContainer}, unless
 * {@code dramatiq.worker.enabled=false} (see {@link WorkerConfiguration});</li>
 * <li>{@code dramatiqScheduleLock} and {@code dramatiqSchedulerContainer}: periodic
 * actors, unless {@code dramatiq.scheduler.enabled=false} (see
 * {@link SchedulerConfiguration});</li>
 * <li>{@code dramatiqBrokerStartupCheck}: pings the broker before the worker starts and
 * fails the start with a {@link BrokerUnreachableException} if it does not answer, when
 * {@code dramatiq.broker.fail-fast=true};</li>
 * <li>{@code dramatiqBrokerStartupLog}: logs at INFO which broker the application got,
 * where it connects (host and port only) and why (see {@link BrokerStartupLog});</li>
 * <li>{@code dramatiqAbortable} and {@code dramatiqAbortBackend}, when
 * {@code dramatiq.abort.enabled=true} (see {@link AbortConfiguration});</li>
 * <li>{@code dramatiqCallbackTargetsCheck}: warns just before the worker starts about
 * callback options naming actors that are neither declared nor registered as remote,
 * unless {@code dramatiq.worker.enabled=false} (see {@link CallbackTargetsCheck}).</li>
 * </ul>
 * Arguments bind with Spring Boot's {@code JsonMapper} when Jackson is auto-configured,
 * else with a default one.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "dramatiq.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DramatiqProperties.class)
@Import({ StubBrokerConfiguration.class, RabbitmqBrokerConfiguration.class, RedisBrokerConfiguration.class,
		BrokerClientMissingConfiguration.class, ResultsConfiguration.class, WorkerConfiguration.class,
		SchedulerConfiguration.class, RateLimiterBeansRegistrar.class, ActorClientsConfiguration.class,
		AbortConfiguration.class })
public final class DramatiqAutoConfiguration {

	@Bean
	static UnknownPropertiesCheck dramatiqUnknownPropertiesCheck() {
		return new UnknownPropertiesCheck();
	}

	@Bean
	static ActorBeanPostProcessor dramatiqActorBeanPostProcessor() {
		return new ActorBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean(MessageEncoder.class)
	JsonMessageEncoder dramatiqMessageEncoder() {
		return new JsonMessageEncoder();
	}

	@Bean
	@ConditionalOnMissingBean
	DramatiqBrokerConfigurer dramatiqBrokerConfigurer(DramatiqProperties properties,
			ObjectProvider<Middleware> middleware, ObjectProvider<DramatiqCustomizer> customizers,
			ObjectProvider<ResultBackend> resultBackend, ObjectProvider<RateLimiterBackend> rateLimiterBackend,
			ObjectProvider<JsonMapper> jsonMapper) {
		Duration interval = properties.getMiddleware().getTimeLimit().getInterval();
		if (interval == null || interval.isZero() || interval.isNegative()) {
			throw DramatiqPropertyException.atLeast("dramatiq.middleware.time-limit.interval", interval, "1ms");
		}
		List<Middleware> applicationMiddleware = middleware.orderedStream().toList();
		List<Middleware> chain = new ArrayList<>();
		// GroupCallbacks first: "after" hooks run in reverse, so a group child's result
		// is
		// stored before its success may run the group's callbacks
		rateLimiterBackend.ifUnique((backend) -> {
			if (applicationMiddleware.stream().noneMatch(GroupCallbacks.class::isInstance)) {
				chain.add(new GroupCallbacks(backend, groupBarrierTtl(properties)));
			}
		});
		resultBackend.ifUnique((backend) -> {
			if (applicationMiddleware.stream().noneMatch(Results.class::isInstance)) {
				chain.add(new Results(backend, jsonMapper.getIfUnique(() -> JsonMapper.builder().build())));
			}
		});
		chain.addAll(applicationMiddleware);
		return new DramatiqBrokerConfigurer(chain, customizers.orderedStream().toList(), interval);
	}

	private static Duration groupBarrierTtl(DramatiqProperties properties) {
		Duration ttl = properties.getRateLimits().getGroupBarrierTtl();
		if (ttl == null || ttl.toMillis() < 1) {
			throw DramatiqPropertyException.atLeast("dramatiq.rate-limits.group-barrier-ttl", ttl, "1ms");
		}
		return ttl;
	}

	@Bean
	@ConditionalOnMissingBean
	TransactionalSends dramatiqTransactionalSends(DramatiqProperties properties, ResourceLoader resourceLoader) {
		return new TransactionalSends(properties.getSend().isAfterCommit(), resourceLoader.getClassLoader());
	}

	@Bean
	@ConditionalOnMissingBean
	ActorOptionLayers dramatiqActorOptionLayers(DramatiqProperties properties) {
		return new PropertiesActorOptionLayers(properties.getActors());
	}

	@Bean
	BrokerStartupLog dramatiqBrokerStartupLog(ConfigurableListableBeanFactory beanFactory, Environment environment) {
		return new BrokerStartupLog(beanFactory, environment);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "dramatiq.worker.enabled", matchIfMissing = true)
	CallbackTargetsCheck dramatiqCallbackTargetsCheck(Broker broker, ObjectProvider<ActorBeanPostProcessor> processor) {
		ActorBeanPostProcessor actors = processor.getIfUnique();
		return new CallbackTargetsCheck(broker, (actorName, option) -> (actors != null)
				? actors.describeOrigin(actorName, option) : "the actor's options");
	}

	@Bean
	@ConditionalOnBooleanProperty("dramatiq.broker.fail-fast")
	BrokerStartupCheck dramatiqBrokerStartupCheck(Broker broker, Environment environment) {
		return new BrokerStartupCheck(broker, environment);
	}

}
