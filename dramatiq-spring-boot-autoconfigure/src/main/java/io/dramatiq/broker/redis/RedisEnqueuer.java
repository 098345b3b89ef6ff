package io.dramatiq.broker.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends concurrent enqueues together ("group commit"): a caller that finds no send in
 * progress sends its own message and every message queued meanwhile, one script call per
 * queue; the others wait for that call. A lone producer sends at once; many producers
 * share round trips, the main cost of an enqueue in the JVM (with 8 producers a call
 * carries about 4 messages, see {@code docs/benchmarks.md}).
 * <p>
 * A call carries up to {@value #MAX_BATCH} messages (about 1 MiB at most, unless a single
 * message is larger) as {@code id, payload} pairs after the usual arguments; a call with
 * one message is exactly Python's {@code enqueue}. Every caller still returns only once
 * its message is stored, or with the error of its call.
 */
final class RedisEnqueuer {

	static final int MAX_BATCH = 256;

	/** Large payloads make smaller batches: a call stops growing past 1 MiB. */
	static final long MAX_BATCH_BYTES = 1024 * 1024;

	private final RedisDispatcher dispatcher;

	private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean sending = new AtomicBoolean();

	RedisEnqueuer(RedisDispatcher dispatcher) {
		this.dispatcher = dispatcher;
	}

	void enqueue(String queueName, String redisMessageId, byte[] payload) {
		Pending mine = new Pending(queueName, redisMessageId, payload, new CompletableFuture<>());
		this.pending.add(mine);
		// become the sender unless one is at work: that one sends this message too or,
		// having stopped, finds it queued and sends again (or leaves it to a new sender)
		do {
			if (!this.sending.compareAndSet(false, true)) {
				break;
			}
			try {
				sendPending();
			}
			finally {
				this.sending.set(false);
			}
		}
		while (!this.pending.isEmpty());
		try {
			mine.done().join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	private void sendPending() {
		while (!this.pending.isEmpty()) {
			Map<String, List<Pending>> byQueue = new LinkedHashMap<>();
			Pending next;
			int taken = 0;
			long bytes = 0;
			while (taken < MAX_BATCH && bytes < MAX_BATCH_BYTES && (next = this.pending.poll()) != null) {
				byQueue.computeIfAbsent(next.queueName(), (q) -> new ArrayList<>()).add(next);
				taken++;
				bytes += next.payload().length;
			}
			for (Map.Entry<String, List<Pending>> batch : byQueue.entrySet()) {
				send(batch.getKey(), batch.getValue());
			}
		}
	}

	private void send(String queueName, List<Pending> batch) {
		try {
			byte[][] pairs = new byte[batch.size() * 2][];
			for (int i = 0; i < batch.size(); i++) {
				pairs[2 * i] = RedisDispatcher.bytes(batch.get(i).redisMessageId());
				pairs[2 * i + 1] = batch.get(i).payload();
			}
			this.dispatcher.enqueue(queueName, pairs);
		}
		catch (RuntimeException ex) {
			batch.forEach((p) -> p.done().completeExceptionally(ex));
			return;
		}
		batch.forEach((p) -> p.done().complete(null));
	}

	private record Pending(String queueName, String redisMessageId, byte[] payload, CompletableFuture<Void> done) {
	}

}
