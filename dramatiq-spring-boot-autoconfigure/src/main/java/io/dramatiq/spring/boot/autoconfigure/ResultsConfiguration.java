package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.message.MessageEncoder;
import io.dramatiq.ratelimit.RateLimiterBackend;
import io.dramatiq.ratelimit.StubRateLimiterBackend;
import io.dramatiq.ratelimit.redis.RedisRateLimiterBackend;
import io.dramatiq.results.ResultBackend;
import io.dramatiq.results.StubResultBackend;
import io.dramatiq.results.redis.RedisResultBackend;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The results backend ({@code dramatiq.results.backend}) and the rate-limit backend
 * ({@code dramatiq.rate-limits.backend}), each independent of the broker: a RabbitMQ
 * broker with results in Redis is the usual Python setup. A {@link ResultBackend} or
 * {@link RateLimiterBackend} bean of the application's replaces them.
 */
@Configuration(proxyBeanMethods = false)
class ResultsConfiguration {

	static final String RESULTS_BACKEND = "dramatiq.results.backend";

	static final String RATE_LIMITS_BACKEND = "dramatiq.rate-limits.backend";

	@Configuration(proxyBeanMethods = false)
	static class StubBackends {

		@Bean
		@ConditionalOnMissingBean(ResultBackend.class)
		@ConditionalOnProperty(name = RESULTS_BACKEND, havingValue = "stub")
		StubResultBackend dramatiqResultBackend(DramatiqProperties properties, MessageEncoder encoder) {
			DramatiqResultsProperties results = properties.getResults();
			return new StubResultBackend(namespace(results), results.isUseNamespacePrefixKeys(), encoder);
		}

		@Bean
		@ConditionalOnMissingBean(RateLimiterBackend.class)
		@ConditionalOnProperty(name = RATE_LIMITS_BACKEND, havingValue = "stub")
		StubRateLimiterBackend dramatiqRateLimiterBackend() {
			return new StubRateLimiterBackend();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = OnBrokerTypeCondition.SPRING_DATA_REDIS_CLASS)
	static class RedisBackends {

		@Bean
		@ConditionalOnMissingBean(ResultBackend.class)
		@ConditionalOnProperty(name = RESULTS_BACKEND, havingValue = "redis")
		RedisResultBackend dramatiqResultBackend(DramatiqProperties properties, MessageEncoder encoder,
				ObjectProvider<RedisConnectionFactory> connectionFactory) {
			DramatiqResultsProperties results = properties.getResults();
			return new RedisResultBackend(connectionFactory(connectionFactory, RESULTS_BACKEND), namespace(results),
					results.isUseNamespacePrefixKeys(), encoder);
		}

		@Bean
		@ConditionalOnMissingBean(RateLimiterBackend.class)
		@ConditionalOnProperty(name = RATE_LIMITS_BACKEND, havingValue = "redis")
		RedisRateLimiterBackend dramatiqRateLimiterBackend(ObjectProvider<RedisConnectionFactory> connectionFactory) {
			return new RedisRateLimiterBackend(connectionFactory(connectionFactory, RATE_LIMITS_BACKEND));
		}

		private static RedisConnectionFactory connectionFactory(ObjectProvider<RedisConnectionFactory> provider,
				String property) {
			RedisConnectionFactory connectionFactory = provider.getIfUnique();
			if (connectionFactory == null) {
				throw new DramatiqPropertyException(property, "redis",
						"Property '" + property
								+ "' is redis but there is no single RedisConnectionFactory bean to connect with.",
						"Add spring-boot-starter-data-redis, which brings Lettuce and Spring Boot's Redis"
								+ " auto-configuration (spring.data.redis.*), or define one RedisConnectionFactory bean.");
			}
			return connectionFactory;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(OnBrokerTypeCondition.SPRING_DATA_REDIS_CLASS)
	static class RedisClientMissing {

		@Bean
		@ConditionalOnMissingBean(ResultBackend.class)
		@ConditionalOnProperty(name = RESULTS_BACKEND, havingValue = "redis")
		ResultBackend dramatiqResultBackend() {
			throw missing(RESULTS_BACKEND);
		}

		@Bean
		@ConditionalOnMissingBean(RateLimiterBackend.class)
		@ConditionalOnProperty(name = RATE_LIMITS_BACKEND, havingValue = "redis")
		RateLimiterBackend dramatiqRateLimiterBackend() {
			throw missing(RATE_LIMITS_BACKEND);
		}

		private static DramatiqPropertyException missing(String property) {
			return new DramatiqPropertyException(property, "redis",
					"Property '" + property + "' is redis but Spring Data Redis is not on the class path.",
					"Add spring-boot-starter-data-redis, or set '" + property + "' to stub.");
		}

	}

	private static String namespace(DramatiqResultsProperties results) {
		String namespace = results.getNamespace();
		if (namespace == null || namespace.isBlank()) {
			throw new DramatiqPropertyException("dramatiq.results.namespace", namespace,
					"Property 'dramatiq.results.namespace' must not be empty.", "Remove it to use Python's default '"
							+ ResultBackend.DEFAULT_NAMESPACE + "', or set the namespace the Python services use.");
		}
		return namespace;
	}

}
