package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.redis.RedisBrokerOptions;
import io.dramatiq.broker.redis.RedisClusterKeys;
import io.dramatiq.message.MessageEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis broker, when the broker type is {@code redis} (set with
 * {@code dramatiq.broker.type}, or detected because Spring Data Redis, but not Spring
 * AMQP, is on the class path):
 * <ul>
 * <li>{@code dramatiqBroker}: a {@link RedisBroker} on Spring Boot's
 * {@link RedisConnectionFactory} (from {@code spring.data.redis.*}) and the
 * {@link MessageEncoder} bean, configured by {@link RedisBrokerProperties}
 * ({@code dramatiq.broker.redis.*}), with its middleware from the
 * {@link DramatiqBrokerConfigurer}; it backs off when the application defines a
 * {@link Broker}. Without a single {@link RedisConnectionFactory} (Spring Boot's Redis
 * auto-configuration missing), start-up fails saying what to add. On a Redis Cluster
 * ({@code spring.data.redis.cluster.nodes}), a namespace without a hash tag fails
 * start-up naming {@code dramatiq.broker.redis.namespace} and the fix
 * (<code>{dramatiq}</code>).</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = OnBrokerTypeCondition.SPRING_DATA_REDIS_CLASS)
@ConditionalOnBrokerType(BrokerType.REDIS)
@EnableConfigurationProperties(RedisBrokerProperties.class)
class RedisBrokerConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(RedisBrokerConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(Broker.class)
	RedisBroker dramatiqBroker(ObjectProvider<RedisConnectionFactory> redisConnectionFactory, MessageEncoder encoder,
			RedisBrokerProperties properties, DramatiqBrokerConfigurer configurer, Environment environment) {
		RedisConnectionFactory connectionFactory = redisConnectionFactory.getIfUnique();
		if (connectionFactory == null) {
			throw new DramatiqPropertyException(OnBrokerTypeCondition.PROPERTY, "redis",
					"The Redis broker was selected but there is no single RedisConnectionFactory bean to connect with.",
					"Add spring-boot-starter-data-redis, which brings Lettuce and Spring Boot's Redis"
							+ " auto-configuration (spring.data.redis.*), or define one RedisConnectionFactory bean.");
		}
		RedisBrokerOptions options = properties.toOptions();
		if (!RedisClusterKeys.isHashTagged(options.namespace()) && RedisClusterKeys.isCluster(connectionFactory)) {
			String property = "dramatiq.broker.redis.namespace";
			String tagged = "{" + options.namespace() + "}";
			throw new DramatiqPropertyException(property, options.namespace(),
					"Property '" + property + "' is '" + options.namespace() + "', which has no hash tag, but"
							+ " spring.data.redis connects to a Redis Cluster: the broker's keys would spread over"
							+ " the cluster's slots, and its script needs them in one.",
					"Set " + property + "=" + tagged + " (a hash tag: every key then lands in one slot), and give"
							+ " Python workers sharing the queues the same namespace: RedisBroker(namespace=\"" + tagged
							+ "\").");
		}
		if (RedisClusterKeys.isCluster(connectionFactory) && !refreshesTopology(environment)) {
			logger.warn("The Redis broker connects to a Redis Cluster without topology refresh, so after a master"
					+ " fails over to its replica the workers keep calling the dead master and stop consuming. Set"
					+ " spring.data.redis.lettuce.cluster.refresh.adaptive=true and"
					+ " spring.data.redis.lettuce.cluster.refresh.period (such as 10s); see docs/reliability.md.");
		}
		RedisBroker broker = new RedisBroker(connectionFactory, encoder, options);
		configurer.configure(broker);
		return broker;
	}

	private static boolean refreshesTopology(Environment environment) {
		return environment.getProperty("spring.data.redis.lettuce.cluster.refresh.adaptive", Boolean.class, false)
				|| environment.containsProperty("spring.data.redis.lettuce.cluster.refresh.period");
	}

}
