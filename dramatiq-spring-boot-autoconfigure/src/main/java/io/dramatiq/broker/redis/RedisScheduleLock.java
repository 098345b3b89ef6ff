package io.dramatiq.broker.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.dramatiq.broker.ConnectionException;
import io.dramatiq.schedule.ScheduleLock;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The {@link ScheduleLock} of the Redis broker, in the broker's namespace:
 * <ul>
 * <li>a tick of actor {@code A} goes to the instance whose
 * {@code SET ns:schedule:A:<tick in epoch ms> <broker id> NX PX 60000} succeeds, the
 * Redis idiom for a lock that only one client can take;</li>
 * <li>{@code ns:schedule:A:last} holds the last tick enqueued, in epoch milliseconds,
 * with no expiry (a small script keeps the latest when instances finish ticks out of
 * order), so that a later start can tell which ticks were missed.</li>
 * </ul>
 * Each key is a single-key command, so on a Redis Cluster the namespace's hash tag (which
 * the broker requires there) keeps them next to the broker's keys.
 */
public class RedisScheduleLock implements ScheduleLock {

	/** How long a tick's key lives: longer than any clock skew between instances. */
	public static final Duration TICK_KEY_TTL = Duration.ofMinutes(1);

	/**
	 * Sets the last tick unless a later one is set: instances may finish ticks out of
	 * order.
	 */
	private static final RedisScript<Long> RECORD = RedisScript.of("local last = tonumber(redis.call('get', KEYS[1]))\n"
			+ "if last and last >= tonumber(ARGV[1]) then return 0 end\n" + "redis.call('set', KEYS[1], ARGV[1])\n"
			+ "return 1\n", Long.class);

	private final StringRedisTemplate template;

	private final String prefix;

	private final String owner;

	/**
	 * Create a lock.
	 * @param connectionFactory the Redis connections
	 * @param namespace the broker's namespace
	 * @param owner the value of the tick keys this instance sets, such as the broker id
	 */
	public RedisScheduleLock(RedisConnectionFactory connectionFactory, String namespace, String owner) {
		Objects.requireNonNull(connectionFactory, "'connectionFactory' must not be null");
		this.prefix = Objects.requireNonNull(namespace, "'namespace' must not be null") + ":schedule:";
		this.owner = Objects.requireNonNull(owner, "'owner' must not be null");
		this.template = new StringRedisTemplate(connectionFactory);
	}

	@Override
	public boolean claim(String actorName, Instant tick) {
		String key = this.prefix + actorName + ":" + tick.toEpochMilli();
		try {
			return Boolean.TRUE.equals(this.template.opsForValue().setIfAbsent(key, this.owner, TICK_KEY_TTL));
		}
		catch (DataAccessException ex) {
			throw new ConnectionException("Could not claim tick " + tick + " of actor '" + actorName + "' on Redis.",
					ex);
		}
	}

	@Override
	public Optional<Instant> lastTick(String actorName) {
		String value;
		try {
			value = this.template.opsForValue().get(lastKey(actorName));
		}
		catch (DataAccessException ex) {
			throw new ConnectionException("Could not read the last tick of actor '" + actorName + "' on Redis.", ex);
		}
		if (value == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(Instant.ofEpochMilli(Long.parseLong(value.trim())));
		}
		catch (NumberFormatException ex) {
			// a value some other tool wrote: treat it as absent, the next tick replaces
			// it
			return Optional.empty();
		}
	}

	@Override
	public void recordTick(String actorName, Instant tick) {
		try {
			this.template.execute(RECORD, List.of(lastKey(actorName)), Long.toString(tick.toEpochMilli()));
		}
		catch (DataAccessException ex) {
			throw new ConnectionException("Could not record tick " + tick + " of actor '" + actorName + "' on Redis.",
					ex);
		}
	}

	@Override
	public String describe() {
		return "Redis keys " + this.prefix + "<actor>:<tick> (SET NX PX)";
	}

	private String lastKey(String actorName) {
		return this.prefix + actorName + ":last";
	}

}
