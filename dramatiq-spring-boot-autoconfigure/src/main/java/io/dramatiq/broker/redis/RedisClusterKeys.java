package io.dramatiq.broker.redis;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The rule that lets the broker run on a Redis Cluster: every key of a namespace must
 * hash to one slot, because each dispatch-script call declares only the namespace as its
 * key and builds the others (queue lists, hashes, ack sets, heartbeats) inside the
 * script. A namespace holding a hash tag, such as {@code {dramatiq}}, does it: Redis
 * hashes only the text between the first <code>{</code> and the next <code>}</code>.
 */
public final class RedisClusterKeys {

	private RedisClusterKeys() {
	}

	/**
	 * Return whether a namespace holds a hash tag of its own, so that every key built
	 * from it ({@code namespace:...}) lands in the slot of the tag.
	 * @param namespace the namespace
	 * @return whether its keys share one slot
	 */
	public static boolean isHashTagged(String namespace) {
		int open = namespace.indexOf('{');
		if (open < 0) {
			return false;
		}
		int close = namespace.indexOf('}', open + 1);
		return close > open + 1;
	}

	/**
	 * Return whether a connection factory connects to a Redis Cluster, from its
	 * configuration (no connection is opened). Factories other than Spring Data Redis's
	 * Lettuce and Jedis ones count as standalone.
	 * @param connectionFactory the factory
	 * @return whether it is cluster-aware
	 */
	public static boolean isCluster(RedisConnectionFactory connectionFactory) {
		return RedisEndpoint.isCluster(connectionFactory);
	}

	/**
	 * Fail when a namespace cannot work on the factory's server: on a cluster, a
	 * namespace without a hash tag.
	 * @param connectionFactory the factory
	 * @param namespace the namespace
	 * @throws IllegalArgumentException if the factory is a cluster's and the namespace
	 * holds no hash tag
	 */
	public static void check(RedisConnectionFactory connectionFactory, String namespace) {
		if (!isHashTagged(namespace) && isCluster(connectionFactory)) {
			throw new IllegalArgumentException(message(namespace));
		}
	}

	/**
	 * Describe why a namespace without a hash tag cannot work on a cluster.
	 * @param namespace the namespace
	 * @return the message
	 */
	public static String message(String namespace) {
		return "Redis namespace '" + namespace + "' has no hash tag, so its keys would spread over the slots of the"
				+ " Redis Cluster and the broker's script, which declares only the namespace, would fail."
				+ " Use a hash-tagged namespace such as '{" + namespace + "}', the same in every Java and Python"
				+ " process sharing the queues.";
	}

}
