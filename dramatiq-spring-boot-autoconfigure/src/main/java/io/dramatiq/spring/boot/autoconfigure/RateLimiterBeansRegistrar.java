package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import io.dramatiq.ratelimit.BucketRateLimiter;
import io.dramatiq.ratelimit.ConcurrentRateLimiter;
import io.dramatiq.ratelimit.RateLimiter;
import io.dramatiq.ratelimit.RateLimiterBackend;
import io.dramatiq.ratelimit.WindowRateLimiter;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link RateLimiter} bean per entry of {@code dramatiq.rate-limiters.*},
 * named after the entry, so {@code @Qualifier("api") RateLimiter api} injects the limiter
 * of {@code dramatiq.rate-limiters.api.*}. Settings are checked while the beans are
 * registered; the {@link RateLimiterBackend} is looked up when a limiter is created.
 */
class RateLimiterBeansRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

	static final String PREFIX = "dramatiq.rate-limiters";

	private Environment environment;

	private BeanFactory beanFactory;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Map<String, DramatiqRateLimiterProperties> limiters = bind();
		limiters.forEach((name, settings) -> {
			Function<RateLimiterBackend, RateLimiter> factory = factory(name, settings);
			RootBeanDefinition definition = new RootBeanDefinition(beanClass(settings.getType()));
			definition.setInstanceSupplier(() -> factory.apply(backend()));
			registry.registerBeanDefinition(name, definition);
		});
	}

	private Map<String, DramatiqRateLimiterProperties> bind() {
		try {
			return Binder.get(this.environment)
				.bind(PREFIX, Bindable.mapOf(String.class, DramatiqRateLimiterProperties.class))
				.orElse(Map.of());
		}
		catch (BindException ex) {
			String property = ex.getName().toString();
			Object value = (ex.getProperty() != null) ? ex.getProperty().getValue() : null;
			if (property.endsWith(".type")) {
				throw missingType(property, value);
			}
			throw new DramatiqPropertyException(property, value,
					"Property '" + property + "' cannot be bound: " + value + ".",
					"Fix the value of '" + property + "'.");
		}
	}

	private static Function<RateLimiterBackend, RateLimiter> factory(String name,
			DramatiqRateLimiterProperties settings) {
		String prefix = PREFIX + "." + name + ".";
		if (settings.getType() == null) {
			throw missingType(prefix + "type", null);
		}
		String key = (settings.getKey() != null) ? settings.getKey() : name;
		int limit = settings.getLimit();
		if (limit < 1) {
			throw DramatiqPropertyException.atLeast(prefix + "limit", limit, "1");
		}
		return switch (settings.getType()) {
			case CONCURRENT -> {
				Duration ttl = atLeastOneMillisecond(prefix + "ttl", settings.getTtl());
				yield (backend) -> new ConcurrentRateLimiter(backend, key, limit, ttl);
			}
			case BUCKET -> {
				Duration bucket = atLeastOneMillisecond(prefix + "bucket", settings.getBucket());
				yield (backend) -> new BucketRateLimiter(backend, key, limit, bucket);
			}
			case WINDOW -> {
				Duration window = wholeSeconds(prefix + "window", settings.getWindow());
				yield (backend) -> new WindowRateLimiter(backend, key, limit, window);
			}
		};
	}

	private static Class<?> beanClass(RateLimiterType type) {
		return switch (type) {
			case CONCURRENT -> ConcurrentRateLimiter.class;
			case BUCKET -> BucketRateLimiter.class;
			case WINDOW -> WindowRateLimiter.class;
		};
	}

	private RateLimiterBackend backend() {
		RateLimiterBackend backend = this.beanFactory.getBeanProvider(RateLimiterBackend.class).getIfUnique();
		if (backend == null) {
			String property = ResultsConfiguration.RATE_LIMITS_BACKEND;
			throw new DramatiqPropertyException(property, null,
					"Property '" + property + "' is not set but rate limiters are declared under '" + PREFIX
							+ "'; they need a backend to keep their counters.",
					"Set '" + property + "' to redis (shared with other processes) or stub (in this process only),"
							+ " or define one RateLimiterBackend bean.");
		}
		return backend;
	}

	private static Duration atLeastOneMillisecond(String property, Duration value) {
		if (value == null || value.toMillis() < 1) {
			throw DramatiqPropertyException.atLeast(property, value, "1ms");
		}
		return value;
	}

	private static Duration wholeSeconds(String property, Duration value) {
		if (value == null || value.getSeconds() < 1) {
			throw DramatiqPropertyException.atLeast(property, value, "1s");
		}
		if (value.getNano() != 0) {
			throw new DramatiqPropertyException(property, value,
					"Property '" + property + "' must be a whole number of seconds but was " + value + ".",
					"Set '" + property + "' to whole seconds, such as 1s or 60s.");
		}
		return value;
	}

	private static DramatiqPropertyException missingType(String property, Object value) {
		String problem = (value != null) ? "must be concurrent, bucket or window but was " + value
				: "is not set; it must be concurrent, bucket or window";
		return new DramatiqPropertyException(property, value, "Property '" + property + "' " + problem + ".",
				"Set '" + property + "' to concurrent, bucket or window.");
	}

}
