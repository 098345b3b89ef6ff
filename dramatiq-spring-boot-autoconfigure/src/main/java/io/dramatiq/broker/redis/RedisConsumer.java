package io.dramatiq.broker.redis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.dramatiq.Backoff;
import io.dramatiq.Credentials;
import io.dramatiq.broker.ConnectionException;
import io.dramatiq.broker.Consumer;
import io.dramatiq.broker.Delivery;
import io.dramatiq.broker.redis.RedisDispatcher.Fetched;
import io.dramatiq.message.DecodeException;
import io.dramatiq.message.Message;
import io.dramatiq.message.MessageEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one Redis queue ({@code Q} or {@code Q.DQ}) with the consumer algorithm of Python
 * Dramatiq's {@code _RedisConsumer} (spec 4.9): fetch up to
 * {@code prefetch − outstanding} ids at once into a local cache, hand them out one by
 * one, and when nothing came, wait with an exponential, jittered idle backoff.
 * <p>
 * Differences, all compatible: an idle wait ends early when the dispatch script signals
 * that the queue received a message ({@link RedisWakeups}), and one that
 * {@link #next(long)} cuts short goes on in the next call instead of fetching again; a
 * payload that does not decode is handed out as an undecodable delivery under the id it
 * was fetched with, so the worker dead-letters it and its batch-mates still run; and
 * {@link #close()} gives back everything still held, the local cache included.
 */
final class RedisConsumer implements Consumer {

	private static final Logger logger = LoggerFactory.getLogger(RedisConsumer.class);

	/** Python's idle backoff starts at 5 ms and doubles per empty fetch. */
	private static final long BACKOFF_FACTOR_MILLIS = 5;

	private final RedisDispatcher dispatcher;

	private final RedisWakeups wakeups;

	private final RedisHeartbeat heartbeat;

	private final MessageEncoder encoder;

	private final String queueName;

	private final int prefetch;

	private final long timeoutMillis;

	private final Runnable wakeUp = this::wakeUp;

	private final Object monitor = new Object();

	private final ArrayDeque<Fetched> cache = new ArrayDeque<>();

	private final Set<String> outstanding = new HashSet<>();

	private final List<String> skipped = new ArrayList<>();

	private long wakeUpCount;

	private int misses;

	private boolean idle;

	private long idleUntil;

	private long idleWakeUps;

	private boolean closed;

	RedisConsumer(RedisDispatcher dispatcher, RedisWakeups wakeups, RedisHeartbeat heartbeat, MessageEncoder encoder,
			String queueName, int prefetch, long timeoutMillis) {
		this.dispatcher = dispatcher;
		this.wakeups = wakeups;
		this.heartbeat = heartbeat;
		this.encoder = encoder;
		this.queueName = queueName;
		this.prefetch = Math.max(1, prefetch);
		this.timeoutMillis = Math.max(1, timeoutMillis);
		wakeups.register(queueName, this.wakeUp);
		heartbeat.consumerOpened(this, queueName);
	}

	@Override
	public Delivery next(long maxWaitMillis) throws InterruptedException {
		long deadline = System.nanoTime()
				+ TimeUnit.MILLISECONDS.toNanos(Math.max(0, Math.min(this.timeoutMillis, maxWaitMillis)));
		while (true) {
			Fetched item;
			long seenWakeUps;
			int free;
			synchronized (this.monitor) {
				if (this.closed) {
					return null;
				}
				item = this.cache.poll();
				if (item != null && item.payload() != null) {
					this.outstanding.add(item.redisMessageId());
				}
				else if (item != null) {
					this.skipped.add(item.redisMessageId());
				}
				seenWakeUps = this.wakeUpCount;
				free = this.prefetch - this.outstanding.size() - this.cache.size();
			}
			if (item != null) {
				if (item.payload() != null) {
					return decode(item);
				}
				// as Python, skip it; the id stays in the ack set, and close() gives it
				// back in case the payload appears after all
				logger.warn("Message id {} fetched from queue '{}' has no payload; skipping it.", item.redisMessageId(),
						this.queueName);
				continue;
			}
			if (free > 0) {
				if (!idling(seenWakeUps)) {
					List<Fetched> batch = this.dispatcher.fetch(this.queueName, free);
					if (!batch.isEmpty()) {
						if (!addToCache(batch)) {
							giveBack(batch.stream().map(Fetched::redisMessageId).toList());
							return null;
						}
						this.misses = 0;
						continue;
					}
					// Python's idle backoff (dramatiq/brokers/redis.py): compute_backoff
					// with a 5 ms factor, capped at the consumer timeout
					long backoff = Backoff.compute(this.misses++, BACKOFF_FACTOR_MILLIS, this.timeoutMillis,
							ThreadLocalRandom.current());
					this.idle = true;
					this.idleUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
					this.idleWakeUps = seenWakeUps;
				}
				// a wait cut short by maxWaitMillis goes on in the next call rather than
				// fetch again: moving a delayed message on time costs Redis nothing
				long until = (deadline - this.idleUntil < 0) ? deadline : this.idleUntil;
				if (!awaitWakeUp(this.idleWakeUps, until)) {
					return null;
				}
				this.idle = false;
				if (deadline - System.nanoTime() <= 0) {
					return null;
				}
			}
			else if (!awaitFreeSlot(deadline)) {
				return null;
			}
		}
	}

	/**
	 * Return whether an idle backoff is still under way: it has time left and no wake-up
	 * came since it began.
	 */
	private boolean idling(long seenWakeUps) {
		return this.idle && System.nanoTime() - this.idleUntil < 0 && seenWakeUps == this.idleWakeUps;
	}

	/**
	 * Keep fetched messages, unless the consumer was closed during the fetch.
	 */
	private boolean addToCache(List<Fetched> batch) {
		synchronized (this.monitor) {
			if (this.closed) {
				return false;
			}
			this.cache.addAll(batch);
			return true;
		}
	}

	private RedisDelivery decode(Fetched item) {
		try {
			return new RedisDelivery(this.queueName, item.redisMessageId(), item.payload(),
					this.encoder.decode(item.payload()));
		}
		catch (DecodeException ex) {
			return new RedisDelivery(this.queueName, item.redisMessageId(), item.payload(), ex);
		}
	}

	/**
	 * Wait until the queue signals a new message or {@code until} (a
	 * {@link System#nanoTime()}) has come.
	 * @return whether a signal came
	 */
	private boolean awaitWakeUp(long seenWakeUps, long until) throws InterruptedException {
		synchronized (this.monitor) {
			while (this.wakeUpCount == seenWakeUps && !this.closed) {
				long remaining = until - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.monitor, remaining);
			}
			return !this.closed;
		}
	}

	/**
	 * Wait until an ack, nack or requeue frees a prefetch slot or the time is up.
	 * @return whether a slot is free
	 */
	private boolean awaitFreeSlot(long deadline) throws InterruptedException {
		synchronized (this.monitor) {
			while (this.outstanding.size() + this.cache.size() >= this.prefetch && !this.closed) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.monitor, remaining);
			}
			return !this.closed;
		}
	}

	private void wakeUp() {
		synchronized (this.monitor) {
			this.wakeUpCount++;
			this.monitor.notifyAll();
		}
	}

	@Override
	public void ack(Delivery delivery) {
		String id = redisMessageId(delivery);
		settle("ack", id, () -> this.dispatcher.ack(this.queueName, id));
	}

	@Override
	public void nack(Delivery delivery, Throwable cause) {
		String id = redisMessageId(delivery);
		settle("nack", id, () -> this.dispatcher.nack(this.queueName, id));
	}

	@Override
	public void nack(Delivery delivery, Message deadLetter, Throwable cause) {
		String id = redisMessageId(delivery);
		byte[] payload = this.encoder.encode(deadLetter);
		settle("nack", id, () -> this.dispatcher.nack(this.queueName, id, payload));
	}

	/**
	 * Run an ack or nack and free the slot; without a connection, keep retrying it in the
	 * background rather than leave the message in the ack set while this process lives.
	 */
	private void settle(String command, String id, Runnable call) {
		try {
			call.run();
		}
		catch (ConnectionException ex) {
			logger.warn("Could not {} message id {} on queue '{}' ({}); retrying in the background.", command, id,
					this.queueName, Credentials.redact(ex.getMessage()));
			logger.debug("The {} of message id {} on queue '{}' failed.", command, id, this.queueName, ex);
			this.heartbeat.retryLater(command + " of message id " + id + " on queue '" + this.queueName + "'", call);
		}
		finally {
			release(id);
		}
	}

	@Override
	public void requeue(Collection<? extends Delivery> deliveries) {
		List<String> ids = new ArrayList<>(deliveries.size());
		synchronized (this.monitor) {
			for (Delivery delivery : deliveries) {
				String id = redisMessageId(delivery);
				if (this.outstanding.remove(id)) {
					ids.add(id);
				}
			}
			this.monitor.notifyAll();
		}
		giveBack(ids);
	}

	private void giveBack(List<String> ids) {
		if (ids.isEmpty()) {
			return;
		}
		try {
			this.dispatcher.requeue(this.queueName, ids);
		}
		catch (ConnectionException ex) {
			logger.warn("Could not give {} messages back to queue '{}' ({}); retrying in the background.", ids.size(),
					this.queueName, Credentials.redact(ex.getMessage()));
			logger.debug("Giving {} messages back to queue '{}' failed.", ids.size(), this.queueName, ex);
			List<String> copy = List.copyOf(ids);
			this.heartbeat.retryLater("requeue of " + copy.size() + " messages on queue '" + this.queueName + "'",
					() -> this.dispatcher.requeue(this.queueName, copy));
		}
	}

	private void release(String id) {
		synchronized (this.monitor) {
			this.outstanding.remove(id);
			this.monitor.notifyAll();
		}
	}

	private static String redisMessageId(Delivery delivery) {
		if (delivery instanceof RedisDelivery redisDelivery) {
			return redisDelivery.redisMessageId();
		}
		throw new IllegalArgumentException("Delivery " + delivery + " did not come from a Redis consumer.");
	}

	/**
	 * Stop consuming and give back, to the tail of the queue, every message this consumer
	 * holds: the local cache (Python leaves it to maintenance, spec 6.6), deliveries
	 * neither acked nor nacked, and skipped ids without payload.
	 */
	@Override
	public void close() {
		List<String> ids = new ArrayList<>();
		synchronized (this.monitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			for (Fetched item : this.cache) {
				ids.add(item.redisMessageId());
			}
			ids.addAll(this.outstanding);
			ids.addAll(this.skipped);
			this.cache.clear();
			this.outstanding.clear();
			this.skipped.clear();
			this.monitor.notifyAll();
		}
		this.wakeups.unregister(this.queueName, this.wakeUp);
		this.heartbeat.consumerClosed(this);
		if (!ids.isEmpty()) {
			logger.info("Giving {} unprocessed messages back to queue '{}'.", ids.size(), this.queueName);
		}
		giveBack(ids);
	}

}
