package io.dramatiq.worker;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The worker's work queue ({@link WorkItem#newQueue()}: a priority queue of work items,
 * lower priority first, then arrival). In this package because the queue and its items
 * are internal to the worker.
 * <p>
 * {@code handOff}: one thread adds items, as a consumer thread does, and eight take them,
 * as a worker's eight threads do, with at most 16 items between them (a worker's
 * prefetch): an item is added only once a taker gave a permit back, as RabbitMQ delivers
 * a message only after an ack. The score of {@code handOff:add} is the hand-off rate,
 * wake-ups of waiting threads included. {@code addPoll}: one thread adds an item to a
 * queue holding 16 items of mixed priorities and takes the first, the ordering work
 * alone.
 * <p>
 * Run:
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' org.openjdk.jmh.Main WorkQueueBenchmark -wi 3 -i 5 -w 2 -r 2 -f 1}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WorkQueueBenchmark {

	private static final int WINDOW = 16;

	@State(Scope.Group)
	public static class Shared {

		final PriorityBlockingQueue<WorkItem> queue = WorkItem.newQueue();

		final Semaphore window = new Semaphore(WINDOW);

		final AtomicLong sequence = new AtomicLong();

		@Setup(Level.Iteration)
		public void setUp() {
			this.queue.clear();
			this.window.drainPermits();
			this.window.release(WINDOW);
		}

		@TearDown(Level.Iteration)
		public void tearDown() {
			this.queue.clear();
		}

	}

	@State(Scope.Thread)
	public static class Single {

		final PriorityBlockingQueue<WorkItem> queue = WorkItem.newQueue();

		long sequence;

		@Setup(Level.Iteration)
		public void setUp() {
			this.queue.clear();
			for (int i = 0; i < WINDOW; i++) {
				this.queue.add(item(i % 3, this.sequence++));
			}
		}

	}

	static WorkItem item(int priority, long sequence) {
		return new WorkItem(priority, sequence, null, null, null);
	}

	@Benchmark
	@Group("handOff")
	@GroupThreads(1)
	public boolean add(Shared shared) throws InterruptedException {
		// a bounded wait, so that the iteration can end while the takers stop
		if (!shared.window.tryAcquire(10, TimeUnit.MILLISECONDS)) {
			return false;
		}
		shared.queue.add(item(0, shared.sequence.getAndIncrement()));
		return true;
	}

	@Benchmark
	@Group("handOff")
	@GroupThreads(8)
	public WorkItem take(Shared shared) throws InterruptedException {
		WorkItem item = shared.queue.poll(10, TimeUnit.MILLISECONDS);
		if (item != null) {
			shared.window.release();
		}
		return item;
	}

	@Benchmark
	public WorkItem addPoll(Single single) {
		single.queue.add(item((int) (single.sequence % 3), single.sequence++));
		return single.queue.poll();
	}

}
