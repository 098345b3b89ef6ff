package io.dramatiq.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongPredicate;

import io.dramatiq.broker.redis.RedisClusterKeys;
import io.dramatiq.ratelimit.RateLimiterBackend;
import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * A {@link RateLimiterBackend} on Redis with Python Dramatiq's commands and layout (spec
 * §11.1), so that Java and Python share counters and barriers. Keys are used verbatim;
 * values are decimal strings.
 * <ul>
 * <li>{@code add}: {@code SET key value PX ttl NX}.</li>
 * <li>{@code incr}/{@code decr}: {@code WATCH key}, {@code GET key}, then
 * {@code MULTI; SET key value PX ttl; EXEC}, again from {@code WATCH} when another client
 * changed the key meanwhile.</li>
 * <li>{@code await}: {@code BRPOPLPUSH key key seconds}, which leaves the notification in
 * place; true when it returns {@code x}.</li>
 * <li>{@code notifyWaiters}: {@code MULTI; RPUSH key x; PEXPIRE key ttl; EXEC}.</li>
 * </ul>
 * Transactions and blocking commands run on a connection of their own (Spring Data
 * Redis's dedicated connection), never on a shared one.
 * <p>
 * On a Redis Cluster, where Spring Data Redis offers no {@code WATCH} or {@code MULTI},
 * {@code incr}/{@code decr} and {@code notifyWaiters} run the same steps as one-key Lua
 * scripts instead: as atomic as the transactions, with the same keys and values, so
 * Python processes sharing the counters see no difference. Every operation touches one
 * key, so keys need no hash tag, except {@code incrAndSum}, whose keys must share one
 * hash slot (it runs as a Lua script over them).
 */
public class RedisRateLimiterBackend implements RateLimiterBackend {

	/** The longest single block; longer waits are split so no client timeout fires. */
	private static final int MAX_BLOCK_SECONDS = 30;

	private static final byte[] NOTIFICATION = bytes("x");

	/**
	 * {@code incr}/{@code decr} on a cluster: {@code KEYS = [key]},
	 * {@code ARGV = [amount, bound, "max" or "min", ttl ms]}; 1 when changed, 0 when the
	 * bound would be crossed.
	 */
	private static final RedisScript<Long> UPDATE = RedisScript.of("""
			local value = tonumber(redis.call('get', KEYS[1]) or '0') + tonumber(ARGV[1])
			local bound = tonumber(ARGV[2])
			if (ARGV[3] == 'max' and value > bound) or (ARGV[3] == 'min' and value < bound) then
			  return 0
			end
			redis.call('set', KEYS[1], string.format('%d', value), 'px', ARGV[4])
			return 1
			""", Long.class);

	/**
	 * {@code incrAndSum} on a cluster: {@code KEYS = [key, keys...]},
	 * {@code ARGV = [amount, maximum, ttl ms]}; 1 when changed, 0 when the maximum would
	 * be exceeded.
	 */
	private static final RedisScript<Long> UPDATE_AND_SUM = RedisScript.of("""
			local amount = tonumber(ARGV[1])
			local maximum = tonumber(ARGV[2])
			local value = tonumber(redis.call('get', KEYS[1]) or '0') + amount
			if value > maximum then
			  return 0
			end
			local total = amount
			for i = 2, #KEYS do
			  total = total + tonumber(redis.call('get', KEYS[i]) or '0')
			end
			if total > maximum then
			  return 0
			end
			redis.call('set', KEYS[1], string.format('%d', value), 'px', ARGV[3])
			return 1
			""", Long.class);

	/**
	 * {@code notifyWaiters} on a cluster: {@code KEYS = [key]}, {@code ARGV = [ttl ms]}.
	 */
	private static final RedisScript<Long> NOTIFY = RedisScript.of("""
			redis.call('rpush', KEYS[1], 'x')
			return redis.call('pexpire', KEYS[1], ARGV[1])
			""", Long.class);

	private final RedisConnectionFactory connectionFactory;

	private final boolean cluster;

	private final RedisTemplate<byte[], byte[]> template;

	/**
	 * Create a backend.
	 * @param connectionFactory the connections to Redis
	 */
	public RedisRateLimiterBackend(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "'connectionFactory' must not be null");
		this.cluster = RedisClusterKeys.isCluster(connectionFactory);
		this.template = new RedisTemplate<>();
		this.template.setConnectionFactory(connectionFactory);
		this.template.setDefaultSerializer(RedisSerializer.byteArray());
		this.template.afterPropertiesSet();
	}

	@Override
	public boolean add(String key, long value, Duration ttl) {
		Boolean set = execute((connection) -> connection.stringCommands()
			.set(bytes(key), bytes(Long.toString(value)), Expiration.milliseconds(ttl.toMillis()),
					SetOption.ifAbsent()));
		return Boolean.TRUE.equals(set);
	}

	@Override
	public boolean incr(String key, long amount, long maximum, Duration ttl) {
		if (this.cluster) {
			return update(key, amount, maximum, "max", ttl);
		}
		return update(key, amount, (value) -> value <= maximum, ttl);
	}

	@Override
	public boolean decr(String key, long amount, long minimum, Duration ttl) {
		if (this.cluster) {
			return update(key, -amount, minimum, "min", ttl);
		}
		return update(key, -amount, (value) -> value >= minimum, ttl);
	}

	private boolean update(String key, long amount, long bound, String kind, Duration ttl) {
		Long changed = this.template.execute(UPDATE, RedisSerializer.byteArray(), LONG, List.of(bytes(key)),
				bytes(Long.toString(amount)), bytes(Long.toString(bound)), bytes(kind),
				bytes(Long.toString(ttl.toMillis())));
		return changed != null && changed == 1;
	}

	private boolean update(String key, long amount, LongPredicate allowed, Duration ttl) {
		byte[] rawKey = bytes(key);
		return execute((connection) -> {
			while (true) {
				connection.watch(rawKey);
				byte[] current = connection.stringCommands().get(rawKey);
				long value = number(current) + amount;
				if (!allowed.test(value)) {
					connection.unwatch();
					return false;
				}
				if (setWatched(connection, rawKey, value, ttl)) {
					return true;
				}
			}
		});
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * On a Redis Cluster the keys must share one hash slot, which a hash-tagged key such
	 * as {@code {api}} gives all the keys a limiter derives from it.
	 * @throws IllegalArgumentException on a Redis Cluster, if the keys are in more than
	 * one hash slot
	 */
	@Override
	public boolean incrAndSum(String key, List<String> keys, long amount, long maximum, Duration ttl) {
		if (this.cluster) {
			return updateAndSum(key, keys, amount, maximum, ttl);
		}
		byte[] rawKey = bytes(key);
		byte[][] rawKeys = keys.stream().map(RedisRateLimiterBackend::bytes).toArray(byte[][]::new);
		byte[][] watched = new byte[rawKeys.length + 1][];
		watched[0] = rawKey;
		System.arraycopy(rawKeys, 0, watched, 1, rawKeys.length);
		return execute((connection) -> {
			while (true) {
				connection.watch(watched);
				long value = number(connection.stringCommands().get(rawKey)) + amount;
				if (value > maximum) {
					connection.unwatch();
					return false;
				}
				long total = amount;
				if (rawKeys.length > 0) {
					for (byte[] current : connection.stringCommands().mGet(rawKeys)) {
						total += number(current);
					}
				}
				if (total > maximum) {
					connection.unwatch();
					return false;
				}
				if (setWatched(connection, rawKey, value, ttl)) {
					return true;
				}
			}
		});
	}

	private boolean updateAndSum(String key, List<String> keys, long amount, long maximum, Duration ttl) {
		int slot = ClusterSlotHashUtil.calculateSlot(key);
		List<byte[]> rawKeys = new ArrayList<>();
		rawKeys.add(bytes(key));
		for (String other : keys) {
			if (ClusterSlotHashUtil.calculateSlot(other) != slot) {
				throw new IllegalArgumentException("The keys '" + key + "' and '" + other
						+ "' are in different hash slots of the Redis Cluster; use a hash-tagged limiter key"
						+ " such as '{api}' so that all the keys of a window rate limiter share one slot");
			}
			rawKeys.add(bytes(other));
		}
		Long changed = this.template.execute(UPDATE_AND_SUM, RedisSerializer.byteArray(), LONG, rawKeys,
				bytes(Long.toString(amount)), bytes(Long.toString(maximum)), bytes(Long.toString(ttl.toMillis())));
		return changed != null && changed == 1;
	}

	private static long number(byte[] value) {
		return (value != null) ? Long.parseLong(new String(value, StandardCharsets.UTF_8)) : 0;
	}

	/**
	 * {@inheritDoc}
	 * @throws IllegalArgumentException if the timeout is shorter than a second (Redis
	 * blocks in whole seconds)
	 */
	@Override
	public boolean await(String key, Duration timeout) {
		long seconds = (timeout != null) ? timeout.toMillis() / 1000 : Long.MAX_VALUE;
		if (seconds < 1) {
			throw new IllegalArgumentException(
					"Waiting on a Redis key takes a timeout of at least one second (or none), not " + timeout);
		}
		byte[] rawKey = bytes(key);
		return execute((connection) -> {
			long remaining = seconds;
			while (remaining > 0) {
				int block = (int) Math.min(remaining, MAX_BLOCK_SECONDS);
				byte[] value = connection.listCommands().bRPopLPush(block, rawKey, rawKey);
				if (value != null) {
					return Arrays.equals(value, NOTIFICATION);
				}
				remaining = (timeout != null) ? remaining - block : remaining;
			}
			return false;
		});
	}

	@Override
	public void notifyWaiters(String key, Duration ttl) {
		byte[] rawKey = bytes(key);
		if (this.cluster) {
			this.template.execute(NOTIFY, RedisSerializer.byteArray(), LONG, List.of(rawKey),
					bytes(Long.toString(ttl.toMillis())));
			return;
		}
		execute((connection) -> {
			connection.multi();
			connection.listCommands().rPush(rawKey, NOTIFICATION);
			connection.keyCommands().pExpire(rawKey, ttl.toMillis());
			return connection.exec();
		});
	}

	private <T> T execute(Function<RedisConnection, T> action) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return action.apply(connection);
		}
	}

	private static final RedisSerializer<Long> LONG = new RedisSerializer<>() {

		@Override
		public byte[] serialize(Long value) {
			return (value != null) ? bytes(Long.toString(value)) : null;
		}

		@Override
		public Long deserialize(byte[] bytes) {
			return (bytes != null) ? Long.valueOf(new String(bytes, StandardCharsets.UTF_8)) : null;
		}

	};

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Set a watched key in a transaction, as Python does; an aborted transaction (a
	 * watched key changed after {@code WATCH}) gives no results, and the caller retries.
	 */
	private static boolean setWatched(RedisConnection connection, byte[] rawKey, long value, Duration ttl) {
		connection.multi();
		connection.stringCommands()
			.set(rawKey, bytes(Long.toString(value)), Expiration.milliseconds(ttl.toMillis()), SetOption.upsert());
		List<Object> results = connection.exec();
		return results != null && !results.isEmpty();
	}

}
