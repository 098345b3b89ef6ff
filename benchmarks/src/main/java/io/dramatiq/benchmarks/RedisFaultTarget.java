package io.dramatiq.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.redis.RedisBroker;
import io.dramatiq.broker.redis.RedisBrokerOptions;
import io.dramatiq.message.JsonMessageEncoder;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis on 127.0.0.1:6390, in a namespace of the run's own. Raw bodies are written in
 * the broker's layout (spec section 4) with plain commands: {@code HSET ns:Q.msgs id
 * body} then {@code RPUSH ns:Q id}, as the dispatch script's {@code enqueue} does.
 */
final class RedisFaultTarget implements FaultTarget {

	static final int PORT = 6390;

	/** The heartbeat timeout of the workers, lowered from Dramatiq's 60 s. */
	static final long HEARTBEAT_TIMEOUT_MILLIS = Long.getLong("heartbeatTimeout", 5000);

	private final String namespace;

	private final LettuceConnectionFactory factory;

	private final RedisBroker broker;

	private final RedisClient client = RedisClient.create("redis://127.0.0.1:" + PORT);

	private final StatefulRedisConnection<String, byte[]> connection;

	RedisFaultTarget(String namespace) {
		this.namespace = namespace;
		this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", PORT));
		this.factory.afterPropertiesSet();
		this.factory.start();
		this.broker = Bench.withMiddleware(new RedisBroker(this.factory, new JsonMessageEncoder(),
				RedisBrokerOptions.defaults().withNamespace(namespace)));
		this.connection = this.client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
	}

	@Override
	public Broker broker() {
		return this.broker;
	}

	@Override
	public List<String> workerArguments() {
		return List.of("redis", "127.0.0.1", String.valueOf(PORT));
	}

	@Override
	public void closeConnections() throws Exception {
		FaultTarget.run("redis-cli", "-p", String.valueOf(PORT), "CLIENT", "KILL", "TYPE", "normal");
		FaultTarget.run("redis-cli", "-p", String.valueOf(PORT), "CLIENT", "KILL", "TYPE", "pubsub");
	}

	@Override
	public void restart() throws Exception {
		FaultTarget.run(FaultTarget.script("restart-redis"));
	}

	@Override
	public void publishRaw(String queue, byte[] body) {
		RedisCommands<String, byte[]> commands = this.connection.sync();
		String id = UUID.randomUUID().toString();
		commands.hset(this.namespace + ":" + queue + ".msgs", id, body);
		commands.rpush(this.namespace + ":" + queue, id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	@Override
	public long deadLettered(String queue) {
		return this.connection.sync().zcard(this.namespace + ":" + queue + ".XQ");
	}

	@Override
	public String stranded(String queue) {
		long ids = 0;
		for (String key : keys(this.namespace + ":__acks__.*")) {
			ids += this.connection.sync().scard(key);
		}
		return "ids in ack sets at the end: " + ids;
	}

	@Override
	public void cleanUp(String queue) {
		RedisCommands<String, byte[]> commands = this.connection.sync();
		List<String> keys = keys(this.namespace + ":*");
		if (!keys.isEmpty()) {
			commands.del(keys.toArray(new String[0]));
		}
	}

	private List<String> keys(String pattern) {
		List<String> keys = new ArrayList<>();
		ScanCursor cursor = ScanCursor.INITIAL;
		do {
			KeyScanCursor<String> page = this.connection.sync()
				.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
			keys.addAll(page.getKeys());
			cursor = page;
		}
		while (!cursor.isFinished());
		return keys;
	}

	@Override
	public void close() {
		this.broker.close();
		this.factory.destroy();
		this.connection.close();
		this.client.shutdown();
	}

}
