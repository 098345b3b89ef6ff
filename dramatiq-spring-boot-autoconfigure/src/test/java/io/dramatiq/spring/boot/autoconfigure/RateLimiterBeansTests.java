package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.ratelimit.BucketRateLimiter;
import io.dramatiq.ratelimit.ConcurrentRateLimiter;
import io.dramatiq.ratelimit.Permit;
import io.dramatiq.ratelimit.RateLimitExceededException;
import io.dramatiq.ratelimit.RateLimiter;
import io.dramatiq.ratelimit.WindowRateLimiter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Rate limiters declared under {@code dramatiq.rate-limiters.<name>.*} become beans named
 * after their entry; bad settings stop the start naming the property.
 */
class RateLimiterBeansTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
		.withPropertyValues("dramatiq.broker.type=stub", "dramatiq.worker.enabled=false");

	@Test
	void concurrentLimiterIsABeanNamedAfterItsEntryAndInjectableByQualifier() {
		this.contextRunner.withUserConfiguration(UsesApiLimiter.class)
			.withPropertyValues("dramatiq.rate-limits.backend=stub", "dramatiq.rate-limiters.api.type=concurrent",
					"dramatiq.rate-limiters.api.limit=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RateLimiter api = context.getBean(UsesApiLimiter.class).limiter;
				assertThat(api).isInstanceOf(ConcurrentRateLimiter.class).isSameAs(context.getBean("api"));
				assertThat(api.key()).isEqualTo("api");
				try (Permit first = api.acquire(); Permit second = api.acquire()) {
					assertThat(api.tryAcquire().isAcquired()).isFalse();
					assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(api::acquire);
				}
				try (Permit again = api.tryAcquire()) {
					assertThat(again.isAcquired()).isTrue();
				}
			});
	}

	@Test
	void bucketAndWindowLimitersUseTheirKeyAndLimit() {
		this.contextRunner
			.withPropertyValues("dramatiq.rate-limits.backend=stub", "dramatiq.rate-limiters.uploads.type=bucket",
					"dramatiq.rate-limiters.uploads.key=shared-uploads", "dramatiq.rate-limiters.uploads.limit=1",
					"dramatiq.rate-limiters.uploads.bucket=1h", "dramatiq.rate-limiters.emails.type=window",
					"dramatiq.rate-limiters.emails.limit=3", "dramatiq.rate-limiters.emails.window=1h")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RateLimiter uploads = context.getBean("uploads", RateLimiter.class);
				assertThat(uploads).isInstanceOf(BucketRateLimiter.class);
				assertThat(uploads.key()).isEqualTo("shared-uploads");
				assertThat(uploads.tryAcquire().isAcquired()).isTrue();
				assertThat(uploads.tryAcquire().isAcquired()).isFalse();
				RateLimiter emails = context.getBean("emails", RateLimiter.class);
				assertThat(emails).isInstanceOf(WindowRateLimiter.class);
				assertThat(emails.key()).isEqualTo("emails");
				for (int i = 0; i < 3; i++) {
					assertThat(emails.tryAcquire().isAcquired()).isTrue();
				}
				assertThat(emails.tryAcquire().isAcquired()).isFalse();
			});
	}

	@Test
	void limitBelowOneFailsNamingTheProperty() {
		assertFailsNaming("dramatiq.rate-limiters.api.limit", "must be at least 1 but was 0",
				"dramatiq.rate-limits.backend=stub", "dramatiq.rate-limiters.api.type=concurrent",
				"dramatiq.rate-limiters.api.limit=0");
	}

	@Test
	void windowBelowOneSecondFailsNamingTheProperty() {
		assertFailsNaming("dramatiq.rate-limiters.api.window", "must be at least 1s",
				"dramatiq.rate-limits.backend=stub", "dramatiq.rate-limiters.api.type=window",
				"dramatiq.rate-limiters.api.window=500ms");
	}

	@Test
	void bucketBelowOneMillisecondFailsNamingTheProperty() {
		assertFailsNaming("dramatiq.rate-limiters.api.bucket", "must be at least 1ms",
				"dramatiq.rate-limits.backend=stub", "dramatiq.rate-limiters.api.type=bucket",
				"dramatiq.rate-limiters.api.bucket=0ms");
	}

	@Test
	void missingTypeFailsNamingTheProperty() {
		assertFailsNaming("dramatiq.rate-limiters.api.type", "is not set; it must be concurrent, bucket or window",
				"dramatiq.rate-limits.backend=stub", "dramatiq.rate-limiters.api.limit=3");
	}

	@Test
	void unknownTypeFailsNamingTheProperty() {
		assertFailsNaming("dramatiq.rate-limiters.api.type", "must be concurrent, bucket or window but was leaky",
				"dramatiq.rate-limits.backend=stub", "dramatiq.rate-limiters.api.type=leaky");
	}

	@Test
	void limitersWithoutABackendFailNamingTheBackendProperty() {
		assertFailsNaming("dramatiq.rate-limits.backend", "is not set but rate limiters are declared",
				"dramatiq.rate-limiters.api.type=concurrent");
	}

	private void assertFailsNaming(String property, String problem, String... properties) {
		this.contextRunner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof DramatiqPropertyException)) {
				failure = failure.getCause();
			}
			assertThat(failure).as("a DramatiqPropertyException in %s", context.getStartupFailure())
				.isInstanceOf(DramatiqPropertyException.class)
				.hasMessageContaining("'" + property + "'")
				.hasMessageContaining(problem);
			assertThat(((DramatiqPropertyException) failure).getProperty()).isEqualTo(property);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UsesApiLimiter {

		private RateLimiter limiter;

		@Bean
		String apiUser(@Qualifier("api") RateLimiter api) {
			this.limiter = api;
			return "user";
		}

	}

}
