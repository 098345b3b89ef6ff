package io.dramatiq.schedule;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ScheduleLock} in memory: the instances that share this object share the lock,
 * and no other. The stub broker holds one, so the applications of a test that share a
 * stub broker enqueue each tick once.
 */
public class LocalScheduleLock implements ScheduleLock {

	private final Map<String, Instant> claimed = new ConcurrentHashMap<>();

	private final Map<String, Instant> recorded = new ConcurrentHashMap<>();

	@Override
	public boolean claim(String actorName, Instant tick) {
		boolean[] won = new boolean[1];
		this.claimed.compute(actorName, (name, previous) -> {
			won[0] = previous == null || previous.isBefore(tick);
			return won[0] ? tick : previous;
		});
		return won[0];
	}

	@Override
	public Optional<Instant> lastTick(String actorName) {
		return Optional.ofNullable(this.recorded.get(actorName));
	}

	@Override
	public void recordTick(String actorName, Instant tick) {
		this.recorded.merge(actorName, tick, (previous, next) -> next.isAfter(previous) ? next : previous);
	}

	@Override
	public String describe() {
		return "in memory";
	}

}
