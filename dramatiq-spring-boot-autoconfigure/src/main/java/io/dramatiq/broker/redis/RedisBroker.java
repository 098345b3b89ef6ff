package io.dramatiq.broker.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.dramatiq.broker.AbstractBroker;
import io.dramatiq.broker.BrokerException;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.DeadLetterQueues;
import io.dramatiq.broker.QueueJoinTimeoutException;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import io.dramatiq.message.QueueNames;
import io.dramatiq.schedule.ScheduleLock;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.zset.Tuple;

/**
 * A broker on Redis, wire-compatible with Python Dramatiq's {@code RedisBroker}
 * ({@code dramatiq/brokers/redis.py}): Python and Java producers and workers can share a
 * namespace. Connections come from a Spring Data Redis {@link RedisConnectionFactory}
 * (Lettuce by default, configured from {@code spring.data.redis.*}); the factory belongs
 * to the caller and is not closed with the broker.
 * <p>
 * Every operation is one run of the broker's own Lua dispatch script, with the key layout
 * of spec section 4: a list {@code ns:Q} of ids and a hash {@code ns:Q.msgs} of payloads
 * per queue, {@code Q.DQ} for delayed messages, a sorted set {@code ns:Q.XQ} of dead
 * letters, an ack set per broker id and queue, and a heartbeat per broker id. Messages
 * fetched by a process that died without stopping return to their queue through
 * maintenance: the probabilistic one that every process runs, as in Python, and one on a
 * timer that every consuming Java broker runs (every {@code heartbeat_timeout / 2}, at
 * most 5 s apart), so that they come back within about {@code heartbeat_timeout} even
 * when the surviving workers are idle.
 * <p>
 * Beyond Python, and compatible with it: idle consumers are woken through the channel
 * {@code ns:__wakeup__} as soon as an empty queue receives a message (they still poll,
 * for messages from Python producers), a heartbeat timer keeps a busy worker from looking
 * dead, and a stopping worker gives back the messages it had prefetched.
 * <p>
 * On a Redis Cluster (a cluster-aware factory, from {@code spring.data.redis.cluster.*})
 * the namespace must hold a hash tag, such as <code>{dramatiq}</code>: the script
 * declares only the namespace as its key and builds the others from it, so they must all
 * hash to the namespace's slot. A namespace without one fails at construction; see
 * {@link RedisClusterKeys}.
 */
public class RedisBroker extends AbstractBroker {

	/** The option holding the id a message is stored under in Redis. */
	public static final String REDIS_MESSAGE_ID = "redis_message_id";

	/** The sorted set of broker ids by their last heartbeat, under the namespace. */
	static final String HEARTBEATS = "__heartbeats__";

	private final RedisBrokerOptions options;

	private final RedisDispatcher dispatcher;

	private final RedisWakeups wakeups;

	private final RedisHeartbeat heartbeat;

	private final RedisDeadLetterQueues deadLetterQueues;

	/**
	 * Create a broker with Python Dramatiq's defaults.
	 * @param connectionFactory the Redis connections
	 * @param encoder the message encoder
	 */
	public RedisBroker(RedisConnectionFactory connectionFactory, MessageEncoder encoder) {
		this(connectionFactory, encoder, RedisBrokerOptions.defaults());
	}

	/**
	 * Create a broker.
	 * @param connectionFactory the Redis connections
	 * @param encoder the message encoder
	 * @param options the namespace, maintenance and timeout settings
	 * @throws IllegalArgumentException if the factory is a Redis Cluster's and the
	 * namespace holds no hash tag (see {@link RedisClusterKeys})
	 */
	public RedisBroker(RedisConnectionFactory connectionFactory, MessageEncoder encoder, RedisBrokerOptions options) {
		super(encoder);
		Objects.requireNonNull(connectionFactory, "'connectionFactory' must not be null");
		this.options = Objects.requireNonNull(options, "'options' must not be null");
		RedisClusterKeys.check(connectionFactory, options.namespace());
		this.dispatcher = new RedisDispatcher(connectionFactory, options);
		this.deadLetterQueues = new RedisDeadLetterQueues(this, this.dispatcher);
		this.wakeups = new RedisWakeups(connectionFactory, options.namespace());
		this.heartbeat = new RedisHeartbeat(this.dispatcher);
	}

	@Override
	public String type() {
		return "redis";
	}

	@Override
	public Optional<String> address() {
		return Optional.of(this.dispatcher.endpoint());
	}

	/**
	 * Return the settings, the broker id included.
	 * @return the options
	 */
	public RedisBrokerOptions options() {
		return this.options;
	}

	@Override
	protected void doDeclareQueue(String queueName) {
		// Redis queues need no declaration: keys appear with their first message
	}

	/**
	 * Enqueue a message under a fresh {@code redis_message_id} (a new one on every
	 * enqueue, retries included) and, when delayed, on {@code Q.DQ} with an {@code eta}:
	 * the options end up in Python's order, {@code redis_message_id} before {@code eta}.
	 */
	@Override
	public Message enqueue(Message message, Duration delay) {
		Objects.requireNonNull(message, "'message' must not be null");
		return super.enqueue(message.withOption(REDIS_MESSAGE_ID, UUID.randomUUID().toString()), delay);
	}

	@Override
	protected Message doEnqueue(Message message) {
		Message target = (message.option(REDIS_MESSAGE_ID) instanceof String) ? message
				: message.withOption(REDIS_MESSAGE_ID, UUID.randomUUID().toString());
		this.dispatcher.enqueue(target.queueName(), (String) target.option(REDIS_MESSAGE_ID), encoder().encode(target));
		return target;
	}

	/**
	 * Open a consumer, once Redis answers a {@code PING}.
	 * @throws io.dramatiq.broker.ConnectionException if Redis does not answer
	 */
	@Override
	public Consumer consume(String queueName, int prefetch, Duration timeout) {
		Objects.requireNonNull(queueName, "'queueName' must not be null");
		Objects.requireNonNull(timeout, "'timeout' must not be null");
		// as a RabbitMQ consumer connects: a consumer that opens is a consumer that works
		ping();
		return new RedisConsumer(this.dispatcher, this.wakeups, this.heartbeat, encoder(), queueName, prefetch,
				timeout.toMillis());
	}

	@Override
	public QueueCounts queueCounts(String queueName) {
		String canonical = QueueNames.canonical(queueName);
		String prefix = this.options.namespace() + ":";
		return this.dispatcher.execute("queueCounts", (connection) -> {
			Long ready = connection.listCommands().lLen(key(prefix + canonical));
			Long delayed = connection.listCommands().lLen(key(prefix + QueueNames.delay(canonical)));
			Long dead = connection.zSetCommands().zCard(key(prefix + QueueNames.dead(canonical)));
			return new QueueCounts(count(ready), count(delayed), count(dead));
		});
	}

	/**
	 * Purge a queue and then its delay queue: their lists and hashes, this broker's ack
	 * sets of them and the dead letters (Python's {@code flush}). Other brokers' ack sets
	 * survive.
	 */
	@Override
	public void flush(String queueName) {
		String canonical = QueueNames.canonical(queueName);
		this.dispatcher.purge(canonical);
		this.dispatcher.purge(QueueNames.delay(canonical));
	}

	@Override
	public void flushAll() {
		for (String queueName : queueNames()) {
			flush(queueName);
		}
	}

	/**
	 * Wait until a queue and its delay queue hold no message: none waiting, none fetched
	 * and not yet acked (Python's {@code join}, with the {@code qsize} command). Dead
	 * letters do not count.
	 * @param queueName the canonical queue name
	 * @param timeout how long to wait
	 * @throws QueueJoinTimeoutException if the queue did not drain in time
	 */
	public void join(String queueName, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		String canonical = QueueNames.canonical(queueName);
		long pause = 1;
		while (this.dispatcher.qsize(canonical) > 0) {
			if (System.nanoTime() >= deadline) {
				throw new QueueJoinTimeoutException(canonical);
			}
			try {
				TimeUnit.MILLISECONDS.sleep(pause);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new BrokerException("Interrupted while joining queue '" + canonical + "'.", ex);
			}
			pause = Math.min(pause * 2, 100);
		}
	}

	/**
	 * Check that Redis answers, for health checks.
	 * @throws io.dramatiq.broker.ConnectionException if it does not
	 */
	@Override
	public void ping() {
		this.dispatcher.execute("ping", (connection) -> connection.ping());
	}

	/**
	 * Return the dead letters {@code ns:Q.XQ}, to list, requeue or purge them; see
	 * {@link RedisDeadLetterQueues}.
	 */
	@Override
	public Optional<DeadLetterQueues> deadLetterQueues() {
		return Optional.of(this.deadLetterQueues);
	}

	/**
	 * Return a new {@link ScheduleLock} in this broker's namespace, on its connections,
	 * for periodic actors; see {@link RedisScheduleLock}.
	 * @return the lock
	 */
	public ScheduleLock scheduleLock() {
		return new RedisScheduleLock(this.dispatcher.connectionFactory(), this.options.namespace(),
				this.options.brokerId());
	}

	/**
	 * Return the last heartbeat of every broker (this one and other processes') that
	 * shares this namespace, from {@code ns:__heartbeats__}, newest first: an operator's
	 * view of the workers alive. A broker whose heartbeat is older than
	 * {@code heartbeat_timeout} is taken for dead by the others.
	 * @return the epoch milliseconds of each broker id's last command
	 */
	public Map<String, Long> heartbeats() {
		byte[] heartbeats = key(this.options.namespace() + ":" + HEARTBEATS);
		Set<Tuple> beats = this.dispatcher.execute("heartbeats",
				(connection) -> connection.zSetCommands().zRevRangeWithScores(heartbeats, 0, -1));
		Map<String, Long> result = new LinkedHashMap<>();
		if (beats != null) {
			for (Tuple beat : beats) {
				result.put(new String(beat.getValue(), StandardCharsets.UTF_8), beat.getScore().longValue());
			}
		}
		return result;
	}

	/**
	 * Stop heartbeats and the wake-up subscription. The connection factory stays open.
	 */
	@Override
	public void close() {
		this.heartbeat.close();
		this.wakeups.close();
	}

	private static byte[] key(String key) {
		return key.getBytes(StandardCharsets.UTF_8);
	}

	private static long count(Long value) {
		return (value != null) ? value : 0;
	}

}
