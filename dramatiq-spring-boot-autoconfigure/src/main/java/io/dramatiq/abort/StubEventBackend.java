package io.dramatiq.abort;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link EventBackend} in this process's memory, as dramatiq-abort's
 * {@code StubBackend}, for tests and the stub broker. Unlike Python's, its events expire
 * after their time to live. Also the local store of
 * {@link io.dramatiq.abort.rabbitmq.RabbitmqEventBackend}, which fills it with the events
 * it receives.
 */
public class StubEventBackend implements EventBackend {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition signalled = this.lock.newCondition();

	private final Map<String, Pending> events = new HashMap<>();

	@Override
	public Optional<Event> waitMany(Collection<String> keys, Duration timeout) {
		Objects.requireNonNull(keys, "'keys' must not be null");
		long remaining = Math.max(0, Objects.requireNonNull(timeout, "'timeout' must not be null").toNanos());
		this.lock.lock();
		try {
			while (true) {
				for (String key : keys) {
					Optional<Event> event = take(key);
					if (event.isPresent()) {
						return event;
					}
				}
				if (remaining <= 0) {
					return Optional.empty();
				}
				remaining = this.signalled.awaitNanos(remaining);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public Optional<Event> poll(String key) {
		Objects.requireNonNull(key, "'key' must not be null");
		this.lock.lock();
		try {
			return take(key);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void notify(List<Event> events, Duration ttl) {
		Objects.requireNonNull(events, "'events' must not be null");
		long expires = System.nanoTime() + Objects.requireNonNull(ttl, "'ttl' must not be null").toNanos();
		this.lock.lock();
		try {
			for (Event event : events) {
				this.events.put(event.key(), new Pending(event, expires));
			}
			this.events.values().removeIf((pending) -> pending.isExpired(System.nanoTime()));
			this.signalled.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return how many events are signalled and not yet consumed or expired.
	 * @return the count
	 */
	public int size() {
		this.lock.lock();
		try {
			long now = System.nanoTime();
			return (int) this.events.values().stream().filter((pending) -> !pending.isExpired(now)).count();
		}
		finally {
			this.lock.unlock();
		}
	}

	private Optional<Event> take(String key) {
		Pending pending = this.events.remove(key);
		if (pending == null || pending.isExpired(System.nanoTime())) {
			return Optional.empty();
		}
		return Optional.of(pending.event());
	}

	private record Pending(Event event, long expiresNanos) {

		boolean isExpired(long now) {
			return now - this.expiresNanos >= 0;
		}

	}

}
