package io.dramatiq.results;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.MessageEncoder;

/**
 * A {@link ResultBackend} kept in memory, for tests and single-process use, as Python
 * Dramatiq's {@code StubBackend}. Values expire after their time to live; a blocking read
 * sleeps on a condition that every store signals, so it wakes as soon as a value arrives
 * and never polls.
 */
public class StubResultBackend extends ResultBackend {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition stored = this.lock.newCondition();

	private final Map<String, Entry> entries = new HashMap<>();

	/**
	 * Create a backend with Python's defaults: namespace {@value #DEFAULT_NAMESPACE}, MD5
	 * keys and the JSON encoder.
	 */
	public StubResultBackend() {
		this(DEFAULT_NAMESPACE, false, new JsonMessageEncoder());
	}

	/**
	 * Create a backend.
	 * @param namespace the key namespace
	 * @param useNamespacePrefixKeys whether keys are plain text instead of MD5 digests
	 * @param encoder the encoder of values
	 */
	public StubResultBackend(String namespace, boolean useNamespacePrefixKeys, MessageEncoder encoder) {
		super(namespace, useNamespacePrefixKeys, encoder);
	}

	@Override
	public String type() {
		return "stub";
	}

	/**
	 * Forget every stored value.
	 */
	public void clear() {
		this.lock.lock();
		try {
			this.entries.clear();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return whether a blocking read is waiting, for tests.
	 * @return whether some thread waits for a value
	 */
	boolean hasWaiters() {
		this.lock.lock();
		try {
			return this.lock.hasWaiters(this.stored);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	protected void put(String key, byte[] value, Duration ttl) {
		long expiresAt = System.nanoTime() + Math.max(0, saturatedNanos(ttl));
		this.lock.lock();
		try {
			this.entries.put(key, new Entry(value.clone(), expiresAt));
			this.stored.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	protected byte[] read(String key) {
		this.lock.lock();
		try {
			return current(key);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	protected byte[] await(String key, Duration timeout) {
		long remaining = saturatedNanos(timeout);
		this.lock.lock();
		try {
			byte[] value = current(key);
			while (value == null && remaining > 0) {
				remaining = this.stored.awaitNanos(remaining);
				value = current(key);
			}
			return value;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ResultException("Interrupted while waiting for a result", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	// called with the lock held
	private byte[] current(String key) {
		Entry entry = this.entries.get(key);
		if (entry == null) {
			return null;
		}
		if (System.nanoTime() - entry.expiresAt() >= 0) {
			this.entries.remove(key);
			return null;
		}
		return entry.value().clone();
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE / 2;
		}
	}

	private record Entry(byte[] value, long expiresAt) {
	}

}
