package io.dramatiq.broker.redis;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Which namespaces keep the broker's keys in one cluster slot, and which factories are a
 * cluster's. No Redis is needed: factories are only configured.
 */
class RedisClusterKeysTests {

	@Test
	void onlyANamespaceHoldingANonEmptyHashTagIsTagged() {
		assertThat(RedisClusterKeys.isHashTagged("{dramatiq}")).isTrue();
		assertThat(RedisClusterKeys.isHashTagged("app-{dramatiq}-1")).isTrue();
		assertThat(RedisClusterKeys.isHashTagged("dramatiq")).isFalse();
		assertThat(RedisClusterKeys.isHashTagged("{}dramatiq")).isFalse();
		assertThat(RedisClusterKeys.isHashTagged("dramatiq{")).isFalse();
		assertThat(RedisClusterKeys.isHashTagged("dramatiq}{")).isFalse();
	}

	@Test
	void lettuceAndJedisClusterFactoriesAreClusters() {
		RedisClusterConfiguration cluster = new RedisClusterConfiguration().clusterNode("127.0.0.1", 7001);
		assertThat(RedisClusterKeys.isCluster(new LettuceConnectionFactory(cluster))).isTrue();
		assertThat(RedisClusterKeys.isCluster(new JedisConnectionFactory(cluster))).isTrue();
		RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration();
		assertThat(RedisClusterKeys.isCluster(new LettuceConnectionFactory(standalone))).isFalse();
		assertThat(RedisClusterKeys.isCluster(new JedisConnectionFactory(standalone))).isFalse();
	}

	@Test
	void anUntaggedNamespaceFailsOnlyOnACluster() {
		LettuceConnectionFactory cluster = new LettuceConnectionFactory(
				new RedisClusterConfiguration().clusterNode("127.0.0.1", 7001));
		assertThatIllegalArgumentException().isThrownBy(() -> RedisClusterKeys.check(cluster, "dramatiq"))
			.withMessageContaining("'{dramatiq}'");
		assertThatNoException().isThrownBy(() -> RedisClusterKeys.check(cluster, "{dramatiq}"));
		assertThatNoException().isThrownBy(() -> RedisClusterKeys
			.check(new LettuceConnectionFactory(new RedisStandaloneConfiguration()), "dramatiq"));
	}

}
