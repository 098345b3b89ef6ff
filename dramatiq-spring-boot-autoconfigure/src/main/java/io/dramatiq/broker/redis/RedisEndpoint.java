package io.dramatiq.broker.redis;

import java.util.Collection;
import java.util.stream.Collectors;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Names where a Redis connection factory connects, for log lines and errors: the host and
 * port of a standalone server, the master and sentinels of a Sentinel setup, or the nodes
 * of a cluster, read from Spring Data Redis's Lettuce or Jedis factory. Never a user or
 * password.
 */
final class RedisEndpoint {

	private static final boolean LETTUCE = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			RedisEndpoint.class.getClassLoader());

	private static final boolean JEDIS = ClassUtils.isPresent("redis.clients.jedis.Jedis",
			RedisEndpoint.class.getClassLoader());

	private RedisEndpoint() {
	}

	/**
	 * Describe where a factory connects.
	 * @param connectionFactory the factory
	 * @return such as {@code 127.0.0.1:6379}, {@code 127.0.0.1:6379 (database 2)},
	 * {@code master 'mymaster' via sentinels
	 * s1:26379, s2:26379} or {@code cluster n1:7000, n2:7001}
	 */
	static String describe(RedisConnectionFactory connectionFactory) {
		String description = null;
		if (LETTUCE) {
			description = Lettuce.describe(connectionFactory);
		}
		if (description == null && JEDIS) {
			description = Jedis.describe(connectionFactory);
		}
		return (description != null) ? description : "the server of " + connectionFactory.getClass().getSimpleName();
	}

	/**
	 * Return whether a Lettuce or Jedis factory is configured for a Redis Cluster.
	 * @param connectionFactory the factory
	 * @return whether it is cluster-aware; false for other factories
	 */
	static boolean isCluster(RedisConnectionFactory connectionFactory) {
		if (LETTUCE && Lettuce.isCluster(connectionFactory)) {
			return true;
		}
		return JEDIS && Jedis.isCluster(connectionFactory);
	}

	private static String describe(RedisClusterConfiguration cluster, RedisSentinelConfiguration sentinel,
			RedisSocketConfiguration socket, String host, int port, int database) {
		if (cluster != null) {
			return "cluster " + nodes(cluster.getClusterNodes());
		}
		if (sentinel != null) {
			String master = (sentinel.getMaster() != null) ? sentinel.getMaster().getName() : null;
			return "master '" + master + "' via sentinels " + nodes(sentinel.getSentinels());
		}
		String where = (socket != null) ? socket.getSocket() : host + ":" + port;
		return (database != 0) ? where + " (database " + database + ")" : where;
	}

	private static String nodes(Collection<RedisNode> nodes) {
		return nodes.stream().map(RedisNode::asString).collect(Collectors.joining(", "));
	}

	/**
	 * Reads a Lettuce factory; loaded only when Lettuce is on the class path.
	 */
	private static final class Lettuce {

		static boolean isCluster(RedisConnectionFactory connectionFactory) {
			return connectionFactory instanceof LettuceConnectionFactory lettuce && lettuce.isClusterAware();
		}

		static String describe(RedisConnectionFactory connectionFactory) {
			if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
				return null;
			}
			return RedisEndpoint.describe(lettuce.getClusterConfiguration(), lettuce.getSentinelConfiguration(),
					lettuce.getSocketConfiguration(), lettuce.getHostName(), lettuce.getPort(), lettuce.getDatabase());
		}

	}

	/**
	 * Reads a Jedis factory; loaded only when Jedis is on the class path.
	 */
	private static final class Jedis {

		static boolean isCluster(RedisConnectionFactory connectionFactory) {
			return connectionFactory instanceof JedisConnectionFactory jedis && jedis.isRedisClusterAware();
		}

		static String describe(RedisConnectionFactory connectionFactory) {
			if (!(connectionFactory instanceof JedisConnectionFactory jedis)) {
				return null;
			}
			return RedisEndpoint.describe(jedis.getClusterConfiguration(), jedis.getSentinelConfiguration(), null,
					jedis.getHostName(), jedis.getPort(), jedis.getDatabase());
		}

	}

}
