package io.dramatiq.broker.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.ConnectionException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Runs the commands of the dispatch script ({@code dispatch.lua}, spec section 4.6) with
 * the argument order of Python Dramatiq's script (spec 4.3): {@code KEYS = [namespace]},
 * {@code ARGV = [command, timestamp, queue, broker id, heartbeat timeout, dead message
 * TTL, do maintenance, max unpack size, ...]}. Calls go through Spring Data Redis's
 * {@link RedisScript} support, which sends {@code EVALSHA} and falls back to {@code EVAL}
 * when the server answers {@code NOSCRIPT}. Against the hand-written {@code EVALSHA} /
 * {@code NOSCRIPT} handling it replaced, {@code Bench --broker redis} measured no
 * difference beyond the noise of a loaded machine: paired 8-thread drains of 20,000
 * messages at 10,030 / 11,406 / 13,650 msg/s before and 10,227 / 11,992 / 14,248 after.
 * <p>
 * Every call is also this broker's heartbeat; {@link #lastCommandMillis()} tells when the
 * last one succeeded.
 */
final class RedisDispatcher {

	/**
	 * How many ids one Lua multi-value call may take: half of the Lua stack size probed
	 * on stock Redis (7992), as Python Dramatiq passes (spec 4.7). The environment
	 * variable {@code dramatiq_lua_max_stack} replaces the stack size, still halved.
	 */
	static final int MAX_UNPACK_SIZE = maxUnpackSize(System.getenv("dramatiq_lua_max_stack"));

	// text, not a resource: a resource script checks its file's modification time on
	// every call
	private static final String SCRIPT = loadScript();

	/** The script for commands that answer a bulk string or nothing. */
	private static final RedisScript<byte[]> VALUE_SCRIPT = RedisScript.of(SCRIPT, byte[].class);

	/** The script for {@code fetch}, which answers an array. */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> MULTI_SCRIPT = RedisScript.of(SCRIPT, List.class);

	/** The script for {@code qsize}, which answers an integer. */
	private static final RedisScript<Long> INTEGER_SCRIPT = RedisScript.of(SCRIPT, Long.class);

	private final RedisConnectionFactory connectionFactory;

	private final RedisTemplate<byte[], byte[]> template;

	private final RedisBrokerOptions options;

	private final RandomGenerator random;

	private final String endpoint;

	private final byte[] namespace;

	private final byte[] brokerId;

	private final byte[] heartbeatTimeout;

	private final byte[] deadMessageTtl;

	private final byte[] maxUnpackSize;

	private volatile long lastCommandMillis;

	/**
	 * Return the connection factory, for the broker's other clients.
	 */
	RedisConnectionFactory connectionFactory() {
		return this.connectionFactory;
	}

	RedisDispatcher(RedisConnectionFactory connectionFactory, RedisBrokerOptions options) {
		this(connectionFactory, options, null);
	}

	RedisDispatcher(RedisConnectionFactory connectionFactory, RedisBrokerOptions options, RandomGenerator random) {
		this.connectionFactory = connectionFactory;
		this.template = new RedisTemplate<>();
		this.template.setConnectionFactory(connectionFactory);
		this.template.setDefaultSerializer(RedisSerializer.byteArray());
		this.template.afterPropertiesSet();
		this.options = options;
		this.random = random;
		this.endpoint = RedisEndpoint.describe(connectionFactory);
		this.namespace = bytes(options.namespace());
		this.brokerId = bytes(options.brokerId());
		this.heartbeatTimeout = bytes(Long.toString(options.heartbeatTimeout().toMillis()));
		this.deadMessageTtl = bytes(Long.toString(options.deadMessageTtl().toMillis()));
		this.maxUnpackSize = bytes(Integer.toString(MAX_UNPACK_SIZE));
	}

	void enqueue(String queueName, String redisMessageId, byte[] payload) {
		call(VALUE_SCRIPT, "enqueue", queueName, bytes(redisMessageId), payload);
	}

	/**
	 * Pop up to {@code count} ids (at most {@link #MAX_UNPACK_SIZE}) into this broker's
	 * ack set. A count of 0 fetches nothing and only beats the heart.
	 */
	List<Fetched> fetch(String queueName, int count) {
		List<?> reply = call(MULTI_SCRIPT, "fetch", queueName, bytes(Integer.toString(count)));
		if (reply == null || reply.isEmpty()) {
			return List.of();
		}
		List<Fetched> fetched = new ArrayList<>(reply.size() / 2);
		for (int i = 0; i + 1 < reply.size(); i += 2) {
			fetched
				.add(new Fetched(new String((byte[]) reply.get(i), StandardCharsets.UTF_8), (byte[]) reply.get(i + 1)));
		}
		return fetched;
	}

	/**
	 * Run maintenance (spec 4.5) on a queue whatever the draw: a {@code fetch} of zero
	 * messages with {@code do_maintenance} set, which gives the messages of dead brokers
	 * back to this queue and deletes its expired dead letters. Idempotent, as every
	 * process may run it at any time.
	 */
	void maintain(String queueName) {
		byte[][] keysAndArgs = arguments("fetch", System.currentTimeMillis(), queueName, true, bytes("0"));
		run(MULTI_SCRIPT, "maintenance", keysAndArgs);
	}

	void ack(String queueName, String redisMessageId) {
		call(VALUE_SCRIPT, "ack", queueName, bytes(redisMessageId));
	}

	void nack(String queueName, String redisMessageId) {
		call(VALUE_SCRIPT, "nack", queueName, bytes(redisMessageId));
	}

	/**
	 * Dead-letter a message with another payload than the one enqueued, in one atomic
	 * step: an extra argument of our script's {@code nack}, which Python's callers never
	 * pass.
	 */
	void nack(String queueName, String redisMessageId, byte[] payload) {
		call(VALUE_SCRIPT, "nack", queueName, bytes(redisMessageId), payload);
	}

	/**
	 * Give ids back to the tail of their queue, in calls of at most
	 * {@link #MAX_UNPACK_SIZE} ids.
	 */
	void requeue(String queueName, List<String> redisMessageIds) {
		for (int from = 0; from < redisMessageIds.size(); from += MAX_UNPACK_SIZE) {
			List<String> chunk = redisMessageIds.subList(from,
					Math.min(from + MAX_UNPACK_SIZE, redisMessageIds.size()));
			byte[][] ids = new byte[chunk.size()][];
			for (int i = 0; i < ids.length; i++) {
				ids[i] = bytes(chunk.get(i));
			}
			call(VALUE_SCRIPT, "requeue", queueName, ids);
		}
	}

	void purge(String queueName) {
		call(VALUE_SCRIPT, "purge", queueName);
	}

	long qsize(String queueName) {
		Long size = call(INTEGER_SCRIPT, "qsize", queueName);
		return (size != null) ? size : 0;
	}

	long lastCommandMillis() {
		return this.lastCommandMillis;
	}

	RedisBrokerOptions options() {
		return this.options;
	}

	/**
	 * Return where the connections go, for messages, such as {@code 127.0.0.1:6379}.
	 */
	String endpoint() {
		return this.endpoint;
	}

	/**
	 * Run an action on a connection, translating failures: an unreachable or timed-out
	 * server becomes a {@link ConnectionException}, anything else a
	 * {@link BrokerException}.
	 */
	<T> T execute(String what, Function<RedisConnection, T> action) {
		return translate(what, () -> {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				return action.apply(connection);
			}
		});
	}

	private <T> T translate(String what, Supplier<T> action) {
		try {
			return action.get();
		}
		catch (DataAccessException ex) {
			throw failure(what, this.endpoint, ex);
		}
	}

	/**
	 * Translate a failed command: a lost or refused connection becomes a
	 * {@link ConnectionException}, which callers retry, including a connection reset that
	 * Spring Data Redis reports as a generic {@code RedisSystemException} with the
	 * socket's {@link IOException} as its cause; anything else a {@link BrokerException}.
	 */
	static BrokerException failure(String what, String endpoint, DataAccessException ex) {
		String message = "Redis command '" + what + "' to " + endpoint + " failed: " + ex.getMessage();
		boolean connection = ex instanceof DataAccessResourceFailureException
				|| ex instanceof TransientDataAccessException || causedByIo(ex);
		return connection ? new ConnectionException(message, ex) : new BrokerException(message, ex);
	}

	private static boolean causedByIo(Throwable ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof IOException) {
				return true;
			}
		}
		return false;
	}

	private <T> T call(RedisScript<T> script, String command, String queueName, byte[]... extra) {
		return run(script, command, arguments(command, System.currentTimeMillis(), queueName, extra));
	}

	@SuppressWarnings("unchecked")
	private <T> T run(RedisScript<T> script, String command, byte[][] keysAndArgs) {
		List<byte[]> keys = List.of(keysAndArgs[0]);
		Object[] args = Arrays.copyOfRange(keysAndArgs, 1, keysAndArgs.length, Object[].class);
		T result = translate(command, () -> this.template.execute(script, RedisSerializer.byteArray(),
				(RedisSerializer<T>) RedisSerializer.byteArray(), keys, args));
		this.lastCommandMillis = System.currentTimeMillis();
		return result;
	}

	/**
	 * Build {@code KEYS + ARGV} in the order of spec 4.3.
	 */
	byte[][] arguments(String command, long timestamp, String queueName, byte[]... extra) {
		return arguments(command, timestamp, queueName, drawMaintenance(command), extra);
	}

	/**
	 * Build {@code KEYS + ARGV} in the order of spec 4.3, with maintenance decided by the
	 * caller.
	 */
	byte[][] arguments(String command, long timestamp, String queueName, boolean maintenance, byte[]... extra) {
		byte[][] keysAndArgs = new byte[9 + extra.length][];
		keysAndArgs[0] = this.namespace;
		keysAndArgs[1] = bytes(command);
		keysAndArgs[2] = bytes(Long.toString(timestamp));
		keysAndArgs[3] = bytes(queueName);
		keysAndArgs[4] = this.brokerId;
		keysAndArgs[5] = this.heartbeatTimeout;
		keysAndArgs[6] = this.deadMessageTtl;
		keysAndArgs[7] = bytes(maintenance ? "1" : "0");
		keysAndArgs[8] = this.maxUnpackSize;
		System.arraycopy(extra, 0, keysAndArgs, 9, extra.length);
		return keysAndArgs;
	}

	private boolean drawMaintenance(String command) {
		RandomGenerator generator = (this.random != null) ? this.random : ThreadLocalRandom.current();
		return drawMaintenance(command, this.options.maintenanceChance(), generator);
	}

	/**
	 * Decide whether a command runs maintenance, as Python Dramatiq does: never for ack
	 * and nack, otherwise when a uniform integer in {@code [1, 1000000]} is at most the
	 * chance.
	 */
	static boolean drawMaintenance(String command, int chance, RandomGenerator random) {
		if ("ack".equals(command) || "nack".equals(command)) {
			return false;
		}
		return random.nextInt(1, RedisBrokerOptions.MAINTENANCE_SCALE + 1) <= chance;
	}

	static int maxUnpackSize(String maxStack) {
		if (maxStack == null || maxStack.isBlank()) {
			return 3996;
		}
		try {
			return Math.max(1, Integer.parseInt(maxStack.trim()) / 2);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(
					"Environment variable 'dramatiq_lua_max_stack' must be a whole number but was '" + maxStack + "'.",
					ex);
		}
	}

	private static String loadScript() {
		try (InputStream in = RedisDispatcher.class.getResourceAsStream("dispatch.lua")) {
			if (in == null) {
				throw new IllegalStateException("Resource io/dramatiq/broker/redis/dispatch.lua is missing.");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * An id popped by {@code fetch} and its payload, {@code null} when its hash field was
	 * missing.
	 */
	record Fetched(String redisMessageId, byte[] payload) {
	}

}
