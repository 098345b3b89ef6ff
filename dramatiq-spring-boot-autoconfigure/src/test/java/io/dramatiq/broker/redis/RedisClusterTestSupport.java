package io.dramatiq.broker.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.dramatiq.broker.BrokerAvailability;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The local Redis Cluster of the cluster integration tests, started by
 * {@code bash scripts/redis-cluster.sh start} (3 masters and 3 replicas on 127.0.0.1,
 * ports {@code redis.cluster.base-port} or 7001 to 7006): a cluster-aware connection
 * factory and the deletion of the keys the tests wrote. Tests skip with that hint when
 * the cluster does not answer, and fail when {@code CI=true}.
 */
public final class RedisClusterTestSupport implements AutoCloseable {

	/** The host of every node. */
	public static final String HOST = "127.0.0.1";

	/** The port of the first node. */
	public static final int BASE_PORT = Integer.getInteger("redis.cluster.base-port", 7001);

	private final LettuceConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	private final List<String> patterns = new ArrayList<>();

	private RedisClusterTestSupport(LettuceConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
	}

	/**
	 * Connect to the cluster, or skip the test when its first node does not answer (fail
	 * on CI).
	 * @return the support
	 */
	public static RedisClusterTestSupport connect() {
		BrokerAvailability.assumeReachable(HOST, BASE_PORT, "Redis Cluster", "bash scripts/redis-cluster.sh start");
		return new RedisClusterTestSupport(newConnectionFactory());
	}

	/**
	 * Return the nodes, as {@code spring.data.redis.cluster.nodes} lists them.
	 * @return such as {@code 127.0.0.1:7001,...,127.0.0.1:7006}
	 */
	public static List<String> nodes() {
		return IntStream.range(0, 6).mapToObj((i) -> HOST + ":" + (BASE_PORT + i)).toList();
	}

	/**
	 * Return a started cluster-aware Lettuce factory that the caller destroys.
	 * @return the factory
	 */
	public static LettuceConnectionFactory newConnectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisClusterConfiguration(nodes()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Return the factory.
	 * @return the cluster-aware factory
	 */
	public LettuceConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	/**
	 * Return a template on the cluster.
	 * @return the template
	 */
	public StringRedisTemplate redis() {
		return this.redis;
	}

	/**
	 * Delete every key matching a pattern when closed.
	 * @param pattern a {@code KEYS} pattern, such as <code>{ns}:*</code>
	 */
	public synchronized void deleteOnClose(String pattern) {
		this.patterns.add(pattern);
	}

	/**
	 * Delete every key matching a pattern, one key at a time (keys of several slots).
	 * @param pattern the pattern
	 */
	public void delete(String pattern) {
		Set<String> keys = this.redis.keys(pattern);
		if (keys != null) {
			keys.forEach(this.redis::delete);
		}
	}

	@Override
	public synchronized void close() {
		for (String pattern : this.patterns) {
			delete(pattern);
		}
		this.patterns.clear();
		this.connectionFactory.destroy();
	}

}
