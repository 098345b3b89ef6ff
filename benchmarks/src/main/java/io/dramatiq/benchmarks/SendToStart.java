package io.dramatiq.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.Broker;
import io.dramatiq.message.Message;

/**
 * {@link Bench}'s send-to-start latency: a {@code ping} actor that records how long ago
 * its message was sent ({@code System.nanoTime()} is its argument), with a worker already
 * running, on an idle worker and while background threads send no-op messages.
 */
final class SendToStart {

	private final BlockingQueue<Long> pings = new ArrayBlockingQueue<>(1024);

	private final Broker broker;

	private final String queue;

	/**
	 * Declare the {@code ping} actor.
	 * @param broker the broker
	 * @param queue its queue
	 */
	SendToStart(Broker broker, String queue) {
		this.broker = broker;
		this.queue = queue;
		broker.declareActor(new ActorDefinition("ping", queue, 0, Map.of(), (a, k) -> {
			this.pings.offer(System.nanoTime() - ((Number) a.get(0)).longValue());
			return null;
		}));
	}

	/**
	 * Send {@code samples} pings, one at a time after a random gap, and return the sorted
	 * send-to-start times in microseconds.
	 */
	long[] idle(int samples) throws Exception {
		this.pings.clear();
		long[] micros = new long[samples];
		for (int i = 0; i < samples; i++) {
			TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(20, 200));
			this.broker.enqueue(Message.create(this.queue, "ping", List.of(System.nanoTime()), Map.of(), Map.of()));
			Long nanos = this.pings.poll(Bench.TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
			if (nanos == null) {
				throw new IllegalStateException("A ping did not run within " + Bench.TIME_LIMIT_SECONDS + " s.");
			}
			micros[i] = TimeUnit.NANOSECONDS.toMicros(nanos);
		}
		Arrays.sort(micros);
		return micros;
	}

	/**
	 * {@link #idle} while 4 threads send no-op messages paced at {@code backgroundRate}
	 * in all; returns the rate they actually sent too.
	 */
	Latency loaded(int samples, double backgroundRate) throws Exception {
		AtomicBoolean stop = new AtomicBoolean();
		AtomicLong sent = new AtomicLong();
		long started = System.nanoTime();
		List<Thread> background = new ArrayList<>();
		int senders = 4;
		long interval = (long) (1e9 * senders / backgroundRate);
		for (int s = 0; s < senders; s++) {
			Thread thread = new Thread(() -> {
				long next = System.nanoTime();
				while (!stop.get()) {
					this.broker.enqueue(Bench.noop(this.queue, 0));
					sent.incrementAndGet();
					next += interval;
					long wait = next - System.nanoTime();
					if (wait > 0) {
						LockSupport.parkNanos(wait);
					}
				}
			});
			thread.setDaemon(true);
			thread.start();
			background.add(thread);
		}
		long[] micros;
		try {
			TimeUnit.MILLISECONDS.sleep(500);
			micros = idle(samples);
		}
		finally {
			stop.set(true);
			for (Thread thread : background) {
				thread.join(10_000);
			}
		}
		return new Latency(micros, sent.get() / Bench.seconds(System.nanoTime() - started));
	}

	static long percentile(long[] sorted, int percent) {
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
	}

	/**
	 * Loaded latencies and the background rate actually sent meanwhile.
	 */
	record Latency(long[] micros, double backgroundRate) {
	}

}
