package io.dramatiq.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.Delivery;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.redis.RedisClusterTestSupport;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured Redis broker on a real Redis Cluster, configured only through
 * {@code spring.data.redis.cluster.nodes} and a hash-tagged
 * {@code dramatiq.broker.redis.namespace} (start the cluster with
 * {@code bash scripts/redis-cluster.sh start}).
 */
@ExtendWith(OutputCaptureExtension.class)
class RedisClusterAutoConfigurationIntegrationTests {

	private RedisClusterTestSupport cluster;

	private String namespace;

	@BeforeEach
	void connect() {
		this.cluster = RedisClusterTestSupport.connect();
		this.namespace = "{dramatiq-test-" + UUID.randomUUID().toString().substring(0, 8) + "}";
		this.cluster.deleteOnClose(this.namespace + ":*");
	}

	@AfterEach
	void close() {
		if (this.cluster != null) {
			this.cluster.close();
		}
	}

	@Test
	void aMessageSentThroughTheAutoConfiguredBrokerIsConsumedAndAcked() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					RedisBrokerConfigurationTests.RedisImportingAutoConfiguration.class))
			.withBean(MessageEncoder.class, JsonMessageEncoder::new)
			.withBean(DramatiqBrokerConfigurer.class,
					() -> new DramatiqBrokerConfigurer(List.of(), List.of(), Duration.ofSeconds(1)))
			.withPropertyValues("dramatiq.broker.type=redis", "dramatiq.broker.redis.namespace=" + this.namespace,
					"spring.data.redis.cluster.nodes=" + String.join(",", RedisClusterTestSupport.nodes()))
			.run((context) -> {
				RedisBroker broker = context.getBean(RedisBroker.class);
				assertThat(broker.address())
					.hasValueSatisfying((address) -> assertThat(address).startsWith("cluster "));
				Message sent = broker.enqueue(Message.create("default", "add", List.of(1, 2), Map.of(), Map.of()));
				try (Consumer consumer = broker.consume("default", 1, Duration.ofSeconds(5))) {
					Delivery delivery = consumer.next();
					assertThat(delivery).isNotNull();
					assertThat(delivery.message().messageId()).isEqualTo(sent.messageId());
					consumer.ack(delivery);
				}
				broker.join("default", Duration.ofSeconds(10));
				assertThat(this.cluster.redis().keys(this.namespace + ":default*")).isEmpty();
			});
	}

	@Test
	void withoutTopologyRefreshAWarningSaysWhatToSet(CapturedOutput output) {
		contextRunner().run((context) -> assertThat(context).hasSingleBean(RedisBroker.class));
		assertThat(output).contains("connects to a Redis Cluster without topology refresh")
			.contains("spring.data.redis.lettuce.cluster.refresh.adaptive=true");
	}

	@Test
	void withTopologyRefreshNoWarning(CapturedOutput output) {
		contextRunner().withPropertyValues("spring.data.redis.lettuce.cluster.refresh.adaptive=true")
			.run((context) -> assertThat(context).hasSingleBean(RedisBroker.class));
		assertThat(output).doesNotContain("without topology refresh");
	}

	private ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					RedisBrokerConfigurationTests.RedisImportingAutoConfiguration.class))
			.withBean(MessageEncoder.class, JsonMessageEncoder::new)
			.withBean(DramatiqBrokerConfigurer.class,
					() -> new DramatiqBrokerConfigurer(List.of(), List.of(), Duration.ofSeconds(1)))
			.withPropertyValues("dramatiq.broker.type=redis", "dramatiq.broker.redis.namespace=" + this.namespace,
					"spring.data.redis.cluster.nodes=" + String.join(",", RedisClusterTestSupport.nodes()));
	}

}
