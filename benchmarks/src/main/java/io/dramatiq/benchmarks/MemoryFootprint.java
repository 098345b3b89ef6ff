package io.dramatiq.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.DefaultMiddleware;
import io.dramatiq.worker.Worker;
import io.dramatiq.worker.WorkerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resident memory of an idle JVM with a {@link StubBroker} and a {@link Worker} of 8
 * threads, and per in-flight message: {@code -Dmessages} (10,000) messages delayed by an
 * hour are held by the broker and the worker's delay-queue consumer. Figures are
 * {@code VmRSS} of {@code /proc/self/status} and the heap used, each after a full GC.
 * <p>
 * Run with a fixed heap so that RSS is not the heap's resizing:
 * {@code java -Xms64m -Xmx256m -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.dramatiq.benchmarks.MemoryFootprint}.
 */
public final class MemoryFootprint {

	private MemoryFootprint() {
	}

	public static void main(String[] args) throws Exception {
		((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
		int messages = Integer.getInteger("messages", 10_000);
		long[] jvm = measure();
		StubBroker broker = new StubBroker();
		DefaultMiddleware.create().forEach(broker::addMiddleware);
		broker.declareActor(new ActorDefinition("noop", "default", 0, Map.of(), (a, k) -> null));
		Worker worker = new Worker(broker, WorkerOptions.defaults().withThreads(8));
		worker.start();
		TimeUnit.SECONDS.sleep(1);
		long[] idle = measure();
		for (int i = 0; i < messages; i++) {
			broker.enqueue(Message.create("default", "noop", List.of(i), Map.of(), Map.of()), Duration.ofHours(1));
		}
		TimeUnit.SECONDS.sleep(2);
		long[] held = measure();
		System.out.printf("JVM before the broker:          RSS %,8d kB  heap used %,8d kB%n", jvm[0], jvm[1]);
		System.out.printf("StubBroker + Worker (8 threads): RSS %,8d kB  heap used %,8d kB  (+%,d kB RSS)%n", idle[0],
				idle[1], idle[0] - jvm[0]);
		System.out.printf("%,d delayed messages held:      RSS %,8d kB  heap used %,8d kB%n", messages, held[0],
				held[1]);
		System.out.printf("per in-flight message:           RSS %,.0f bytes  heap %,.0f bytes%n",
				(held[0] - idle[0]) * 1024.0 / messages, (held[1] - idle[1]) * 1024.0 / messages);
		worker.stop(Duration.ofSeconds(5));
		broker.close();
	}

	/** RSS and heap used in kB, after a full GC. */
	private static long[] measure() throws Exception {
		for (int i = 0; i < 3; i++) {
			System.gc();
			TimeUnit.MILLISECONDS.sleep(100);
		}
		long rss = 0;
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
		}
		long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
		return new long[] { rss, heap };
	}

}
