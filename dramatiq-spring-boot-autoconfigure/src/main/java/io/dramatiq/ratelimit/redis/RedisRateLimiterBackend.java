package io.dramatiq.ratelimit.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import io.dramatiq.broker.redis.RedisClusterKeys;
import io.dramatiq.ratelimit.RateLimiterBackend;
import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.data.redis.serializer.GenericToStringSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * A {@link RateLimiterBackend} on Redis with Python Dramatiq's keys, values and TTLs
 * (spec §11.1), so that Java and Python share counters and barriers. Keys are used
 * verbatim; values are decimal strings.
 * <ul>
 * <li>{@code add}: {@code SET key value PX ttl NX}.</li>
 * <li>{@code incr}/{@code decr}/{@code incrAndSum}: one Lua script that reads the key
 * (missing counts as 0), checks the bound and writes the new value with
 * {@code SET key value PX ttl}. Python runs the same steps as a {@code WATCH}ed
 * {@code MULTI}/{@code EXEC} transaction; a script is as atomic (a Python transaction
 * watching the key sees the script's write and retries), leaves the same value and TTL,
 * and costs one round trip on the shared connection, where Spring Data Redis runs every
 * transaction on a connection it opens for the purpose (RateLimitBench in
 * {@code docs/benchmarks.md} measured both).</li>
 * <li>{@code await}: {@code BRPOPLPUSH key key seconds}, which leaves the notification in
 * place; true when it returns {@code x}. It blocks, so it runs on a connection of its
 * own.</li>
 * <li>{@code notifyWaiters}: {@code RPUSH key x} and {@code PEXPIRE key ttl} in one
 * script.</li>
 * </ul>
 * Every operation touches one key, so on a Redis Cluster keys need no hash tag, except
 * {@code incrAndSum}, whose keys must share one hash slot.
 */
public class RedisRateLimiterBackend implements RateLimiterBackend {

	/** The longest single block; longer waits are split so no client timeout fires. */
	private static final int MAX_BLOCK_SECONDS = 30;

	private static final byte[] NOTIFICATION = bytes("x");

	/**
	 * {@code incr}/{@code decr}: {@code KEYS = [key]},
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
	 * {@code incrAndSum}: {@code KEYS = [key, keys...]},
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
	 * {@code notifyWaiters}: {@code KEYS = [key]}, {@code ARGV = [ttl ms]}.
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
		return update(key, amount, maximum, "max", ttl);
	}

	@Override
	public boolean decr(String key, long amount, long minimum, Duration ttl) {
		return update(key, -amount, minimum, "min", ttl);
	}

	private boolean update(String key, long amount, long bound, String kind, Duration ttl) {
		Long changed = this.template.execute(UPDATE, RedisSerializer.byteArray(), LONG, List.of(bytes(key)),
				bytes(Long.toString(amount)), bytes(Long.toString(bound)), bytes(kind),
				bytes(Long.toString(ttl.toMillis())));
		return changed != null && changed == 1;
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
		return updateAndSum(key, keys, amount, maximum, ttl);
	}

	private boolean updateAndSum(String key, List<String> keys, long amount, long maximum, Duration ttl) {
		int slot = ClusterSlotHashUtil.calculateSlot(key);
		List<byte[]> rawKeys = new ArrayList<>();
		rawKeys.add(bytes(key));
		for (String other : keys) {
			if (this.cluster && ClusterSlotHashUtil.calculateSlot(other) != slot) {
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
		this.template.execute(NOTIFY, RedisSerializer.byteArray(), LONG, List.of(bytes(key)),
				bytes(Long.toString(ttl.toMillis())));
	}

	private <T> T execute(Function<RedisConnection, T> action) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return action.apply(connection);
		}
	}

	private static final RedisSerializer<Long> LONG = new GenericToStringSerializer<>(Long.class);

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
