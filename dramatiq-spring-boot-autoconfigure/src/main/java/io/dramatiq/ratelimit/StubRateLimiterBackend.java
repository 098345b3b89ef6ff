package io.dramatiq.ratelimit;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory {@link RateLimiterBackend} for tests and single-process use, with the
 * semantics of the Redis backend: counters and notification lists expire after their time
 * to live, and a notification stays in place, so a waiter that comes late returns at
 * once. Waiters block without polling.
 */
public class StubRateLimiterBackend implements RateLimiterBackend {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notified = this.lock.newCondition();

	private final Map<String, Entry> entries = new HashMap<>();

	@Override
	public boolean add(String key, long value, Duration ttl) {
		this.lock.lock();
		try {
			if (live(key) != null) {
				return false;
			}
			this.entries.put(key, new Entry(value, deadline(ttl)));
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean incr(String key, long amount, long maximum, Duration ttl) {
		return change(key, amount, Long.MIN_VALUE, maximum, ttl);
	}

	@Override
	public boolean decr(String key, long amount, long minimum, Duration ttl) {
		return change(key, -amount, minimum, Long.MAX_VALUE, ttl);
	}

	@Override
	public boolean incrAndSum(String key, List<String> keys, long amount, long maximum, Duration ttl) {
		this.lock.lock();
		try {
			long value = counter(key) + amount;
			if (value > maximum) {
				return false;
			}
			long total = amount;
			for (String other : keys) {
				total += counter(other);
			}
			if (total > maximum) {
				return false;
			}
			this.entries.put(key, new Entry(value, deadline(ttl)));
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Add a delta to a counter unless the sum leaves the bounds; a change resets the TTL.
	 */
	private boolean change(String key, long delta, long minimum, long maximum, Duration ttl) {
		this.lock.lock();
		try {
			long value = counter(key) + delta;
			if (value < minimum || value > maximum) {
				return false;
			}
			this.entries.put(key, new Entry(value, deadline(ttl)));
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean await(String key, Duration timeout) {
		this.lock.lock();
		try {
			long remaining = (timeout != null) ? timeout.toNanos() : Long.MAX_VALUE;
			while (live(key) == null) {
				if (remaining <= 0) {
					return false;
				}
				if (timeout == null) {
					this.notified.await();
				}
				else {
					remaining = this.notified.awaitNanos(remaining);
				}
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void notifyWaiters(String key, Duration ttl) {
		this.lock.lock();
		try {
			Entry current = live(key);
			long notifications = (current != null) ? current.value() + 1 : 1;
			this.entries.put(key, new Entry(notifications, deadline(ttl)));
			this.notified.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the value of a counter, or the number of notifications of a key.
	 * @param key the key
	 * @return the value, or {@code null} when the key is absent or expired
	 */
	public Long get(String key) {
		this.lock.lock();
		try {
			Entry entry = live(key);
			return (entry != null) ? entry.value() : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	private long counter(String key) {
		Entry entry = live(key);
		return (entry != null) ? entry.value() : 0;
	}

	private Entry live(String key) {
		Entry entry = this.entries.get(Objects.requireNonNull(key, "'key' must not be null"));
		if (entry != null && entry.deadline() - System.nanoTime() <= 0) {
			this.entries.remove(key);
			return null;
		}
		return entry;
	}

	private static long deadline(Duration ttl) {
		long nanos = TimeUnit.MILLISECONDS.toNanos(ttl.toMillis());
		return System.nanoTime() + nanos;
	}

	private record Entry(long value, long deadline) {
	}

}
