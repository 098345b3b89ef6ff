package io.dramatiq.abort.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.locks.LockSupport;

import io.dramatiq.abort.Event;
import io.dramatiq.abort.EventBackend;
import io.dramatiq.broker.redis.RedisClusterKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.GenericToStringSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link EventBackend} on Redis with dramatiq-abort's layout (its
 * {@code backends/redis.py}, version 1.2.1), so that Python and Java abort each other's
 * messages:
 * <ul>
 * <li>Each event is a list at {@code <namespace><key>}: with the default namespace
 * {@code dramatiq:aborts:}, {@code dramatiq:aborts:cancel:<message id>} and
 * {@code dramatiq:aborts:abort:<message id>}.</li>
 * <li>The list holds one JSON object per signal: {@code {}} for {@code cancel},
 * {@code {"abort_timeout": 0}} (milliseconds) for {@code abort}, written as Python's
 * {@code json.dumps} writes them.</li>
 * <li>{@code notify}: {@code RPUSH key value} then {@code PEXPIRE key ttl} (90 000 ms by
 * default), run as one script per key.</li>
 * <li>{@code poll}: {@code LPOP key}; {@code waitMany}: {@code BLPOP key… seconds}, at
 * least one second, as Python's. A value that is not a JSON object counts as no
 * event.</li>
 * </ul>
 * On a Redis Cluster, where one {@code BLPOP} cannot span slots, {@code waitMany} pops
 * each key in turn and then waits out its timeout.
 */
public class RedisEventBackend implements EventBackend {

	/** dramatiq-abort's default key prefix. */
	public static final String DEFAULT_NAMESPACE = "dramatiq:aborts:";

	private static final Logger logger = LoggerFactory.getLogger(RedisEventBackend.class);

	private static final RedisScript<Long> NOTIFY = RedisScript.of("""
			redis.call('rpush', KEYS[1], ARGV[1])
			return redis.call('pexpire', KEYS[1], ARGV[2])
			""", Long.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final RedisConnectionFactory connectionFactory;

	private final String namespace;

	private final boolean cluster;

	private final RedisTemplate<byte[], byte[]> template;

	/**
	 * Create a backend with dramatiq-abort's namespace.
	 * @param connectionFactory the connections to Redis
	 */
	public RedisEventBackend(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, DEFAULT_NAMESPACE);
	}

	/**
	 * Create a backend.
	 * @param connectionFactory the connections to Redis
	 * @param namespace the key prefix, used verbatim (Python's ends with a colon)
	 */
	public RedisEventBackend(RedisConnectionFactory connectionFactory, String namespace) {
		this.connectionFactory = Objects.requireNonNull(connectionFactory, "'connectionFactory' must not be null");
		this.namespace = Objects.requireNonNull(namespace, "'namespace' must not be null");
		this.cluster = RedisClusterKeys.isCluster(connectionFactory);
		this.template = new RedisTemplate<>();
		this.template.setConnectionFactory(connectionFactory);
		this.template.setDefaultSerializer(RedisSerializer.byteArray());
		this.template.afterPropertiesSet();
	}

	/**
	 * Return the key prefix.
	 * @return the namespace
	 */
	public String namespace() {
		return this.namespace;
	}

	@Override
	public Optional<Event> waitMany(Collection<String> keys, Duration timeout) {
		Objects.requireNonNull(keys, "'keys' must not be null");
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		if (keys.isEmpty()) {
			return Optional.empty();
		}
		if (this.cluster) {
			for (String key : keys) {
				Optional<Event> event = poll(key);
				if (event.isPresent()) {
					return event;
				}
			}
			LockSupport.parkNanos(timeout.toNanos());
			return Optional.empty();
		}
		int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
		byte[][] rawKeys = keys.stream().map(this::rawKey).toArray(byte[][]::new);
		List<byte[]> popped = execute((connection) -> connection.listCommands().bLPop(seconds, rawKeys));
		if (popped == null || popped.size() < 2) {
			return Optional.empty();
		}
		String rawKeyText = new String(popped.get(0), StandardCharsets.UTF_8);
		String key = rawKeyText.startsWith(this.namespace) ? rawKeyText.substring(this.namespace.length()) : rawKeyText;
		return decode(key, popped.get(1));
	}

	@Override
	public Optional<Event> poll(String key) {
		Objects.requireNonNull(key, "'key' must not be null");
		byte[] value = execute((connection) -> connection.listCommands().lPop(rawKey(key)));
		return decode(key, value);
	}

	@Override
	public void notify(List<Event> events, Duration ttl) {
		Objects.requireNonNull(events, "'events' must not be null");
		byte[] ttlMillis = bytes(Long.toString(Math.max(1, ttl.toMillis())));
		for (Event event : events) {
			this.template.execute(NOTIFY, RedisSerializer.byteArray(), LONG, List.of(rawKey(event.key())),
					bytes(encode(event.params())), ttlMillis);
		}
	}

	/**
	 * Write the parameters as Python's {@code json.dumps} does: {@code {}} or
	 * {@code {"abort_timeout": 0}}.
	 * @param params the parameters
	 * @return the JSON text
	 */
	static String encode(Map<String, Object> params) {
		List<String> entries = new ArrayList<>();
		new LinkedHashMap<>(params).forEach(
				(name, value) -> entries.add(JSON.writeValueAsString(name) + ": " + JSON.writeValueAsString(value)));
		return "{" + String.join(", ", entries) + "}";
	}

	@SuppressWarnings("unchecked")
	private static Optional<Event> decode(String key, byte[] value) {
		if (value == null || value.length == 0) {
			return Optional.empty();
		}
		try {
			Object params = JSON.readValue(value, Object.class);
			if (params instanceof Map<?, ?> map) {
				return Optional.of(new Event(key, (Map<String, Object>) map));
			}
		}
		catch (JacksonException ex) {
			// as Python: a value that is not JSON is no event
		}
		logger.warn("Ignoring abort event '{}': its value is not a JSON object ({} bytes).", key, value.length);
		return Optional.empty();
	}

	private byte[] rawKey(String key) {
		return bytes(this.namespace + key);
	}

	private <T> T execute(Function<RedisConnection, T> action) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return action.apply(connection);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static final RedisSerializer<Long> LONG = new GenericToStringSerializer<>(Long.class);

}
