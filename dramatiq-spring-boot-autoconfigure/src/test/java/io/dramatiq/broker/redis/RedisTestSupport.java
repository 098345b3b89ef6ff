package io.dramatiq.broker.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.dramatiq.broker.BrokerAvailability;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The real Redis of the integration tests (127.0.0.1, port {@code redis.port} or 6379): a
 * connection factory, fresh namespaces, and removal of a namespace's keys afterwards.
 * Never {@code FLUSHALL}: others may share the server.
 */
final class RedisTestSupport implements AutoCloseable {

	static final String HOST = "127.0.0.1";

	static final int PORT = Integer.getInteger("redis.port", 6379);

	private final LettuceConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	private final List<String> namespaces = new ArrayList<>();

	private RedisTestSupport(LettuceConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
	}

	/**
	 * Connect, or skip the tests when no Redis answers (fail on CI).
	 */
	static RedisTestSupport connect() {
		BrokerAvailability.assumeReachable(HOST, PORT, "Redis",
				"redis-server --daemonize yes --bind 127.0.0.1 --port " + PORT + " --save '' --appendonly no");
		return connect(PORT);
	}

	/**
	 * Connect to a Redis known to answer on a port of the loopback interface.
	 */
	static RedisTestSupport connect(int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, port));
		factory.afterPropertiesSet();
		factory.start();
		return new RedisTestSupport(factory);
	}

	LettuceConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	StringRedisTemplate redis() {
		return this.redis;
	}

	/**
	 * Return a fresh namespace, whose keys {@link #close()} deletes.
	 */
	String newNamespace() {
		return newNamespace("dramatiq-test-");
	}

	/**
	 * Return a fresh namespace with a prefix of its own, whose keys {@link #close()}
	 * deletes.
	 */
	synchronized String newNamespace(String prefix) {
		String namespace = prefix + UUID.randomUUID().toString().substring(0, 8);
		this.namespaces.add(namespace);
		return namespace;
	}

	/**
	 * Return the keys of a namespace.
	 */
	List<String> keys(String namespace) {
		List<String> keys = new ArrayList<>();
		try (Cursor<String> cursor = this.redis
			.scan(ScanOptions.scanOptions().match(namespace + ":*").count(1000).build())) {
			cursor.forEachRemaining(keys::add);
		}
		return keys;
	}

	/**
	 * Put a payload on a queue the way Python Dramatiq documents for other languages:
	 * {@code HSET ns:Q.msgs id payload}, then {@code RPUSH ns:Q id}.
	 */
	void publishRaw(String namespace, String queueName, String redisMessageId, byte[] payload) {
		this.redis.opsForHash()
			.put(namespace + ":" + queueName + ".msgs", redisMessageId, new String(payload, StandardCharsets.UTF_8));
		this.redis.opsForList().rightPush(namespace + ":" + queueName, redisMessageId);
	}

	void deleteNamespace(String namespace) {
		List<String> keys = keys(namespace);
		if (!keys.isEmpty()) {
			this.redis.delete(keys);
		}
	}

	@Override
	public synchronized void close() {
		for (String namespace : this.namespaces) {
			deleteNamespace(namespace);
		}
		this.namespaces.clear();
		this.connectionFactory.destroy();
	}

}
