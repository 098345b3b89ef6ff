package io.dramatiq;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Credentials}.
 */
class CredentialsTests {

	@Test
	void urlsLoseTheirUserAndPassword() {
		assertThat(Credentials.redact("redis://user:secret@127.0.0.1:6379/0")).isEqualTo("redis://127.0.0.1:6379/0");
		assertThat(Credentials.redact("rediss://:secret@cache.example.com")).isEqualTo("rediss://cache.example.com");
		assertThat(Credentials.redact("amqps://user:s3cr%40t@rabbit:5671/vhost"))
			.isEqualTo("amqps://rabbit:5671/vhost");
	}

	@Test
	void addressListsLoseEveryUserAndPassword() {
		assertThat(Credentials.redact("amqp://user:secret@a:5672,user:secret@b:5672, c:5672"))
			.isEqualTo("amqp://a:5672,b:5672, c:5672");
	}

	@Test
	void credentialsQuotedInAMessageAreRemoved() {
		assertThat(Credentials.redact("Cannot connect (spring.data.redis.url=redis://u:secret@h:1): refused"))
			.isEqualTo("Cannot connect (spring.data.redis.url=redis://h:1): refused");
	}

	@Test
	void textWithoutCredentialsIsUnchanged() {
		assertThat(Credentials.redact("RabbitMQ at 127.0.0.1:5672, [::1]:5673 is not reachable."))
			.isEqualTo("RabbitMQ at 127.0.0.1:5672, [::1]:5673 is not reachable.");
		assertThat(Credentials.redact("Message for ops@example.com")).isEqualTo("Message for ops@example.com");
		assertThat(Credentials.redact(null)).isNull();
	}

}
