package io.dramatiq.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.actor.ActorDefinition;
import io.dramatiq.actor.ActorFunction;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.ShutdownException;
import io.dramatiq.middleware.ShutdownNotifications;
import io.dramatiq.middleware.TimeLimit;
import io.dramatiq.middleware.TimeLimitExceededException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for a {@link Worker} whose worker threads are virtual threads. They need Java
 * 21+: on Java 17 they are skipped here and run in the {@code virtual-threads} Surefire
 * execution, which forks a JDK 21+ (see the module's pom and
 * {@link VirtualThreadTestJdkTests}).
 */
class VirtualThreadWorkerTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final StubBroker broker = new StubBroker();

	private final List<Throwable> failures = new CopyOnWriteArrayList<>();

	private Worker worker;

	VirtualThreadWorkerTests() {
		this.broker.addMiddleware(new Middleware() {

			@Override
			public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
				if (exception != null) {
					VirtualThreadWorkerTests.this.failures.add(exception);
				}
			}

		});
	}

	@AfterEach
	void stopWorker() {
		if (this.worker != null) {
			this.worker.stop(Duration.ofSeconds(5));
		}
	}

	private static void assumeVirtualThreads() {
		assumeThat(VirtualThreads.isSupported())
			.as("virtual threads need Java 21+ but this is Java %s; the 'virtual-threads' Surefire execution runs"
					+ " these tests on a JDK 21+", Runtime.version().feature())
			.isTrue();
	}

	private void declare(String actorName, ActorFunction function) {
		this.broker.declareActor(new ActorDefinition(actorName, "default", 0, Map.of(), function));
	}

	private void send(String actorName, int count) {
		for (int i = 0; i < count; i++) {
			this.broker.enqueue(Message.create("default", actorName, List.of(i), Map.of(), Map.of()));
		}
	}

	private void start(int threads) {
		this.worker = new Worker(this.broker,
				WorkerOptions.defaults()
					.withThreads(threads)
					.withVirtualThreads(true)
					.withWorkerTimeout(Duration.ofMillis(100)));
		this.worker.start();
	}

	@Test
	void asManyWaitingActorsRunAtOnceAsTheWorkerHasVirtualThreads() throws Exception {
		assumeVirtualThreads();
		// Given 300 messages whose actor waits until 300 of them run at the same time
		int concurrency = 300;
		CountDownLatch allRunning = new CountDownLatch(concurrency);
		Set<Thread> threads = ConcurrentHashMap.newKeySet();
		AtomicInteger completed = new AtomicInteger();
		declare("wait", (args, kwargs) -> {
			threads.add(Thread.currentThread());
			allRunning.countDown();
			if (allRunning.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				completed.incrementAndGet();
			}
			return null;
		});
		send("wait", concurrency);
		// When a worker with 300 virtual threads runs them
		start(concurrency);
		// I expect all of them to have waited together, each on a virtual thread
		this.broker.join("default", WAIT);
		this.worker.join(WAIT);
		assertThat(completed).hasValue(concurrency);
		assertThat(this.failures).isEmpty();
		assertThat(threads).hasSize(concurrency)
			.allSatisfy((thread) -> assertThat(VirtualThreads.isVirtual(thread)).as("thread %s is virtual", thread)
				.isTrue());
		assertThat(this.worker.workerThreads()).hasSize(concurrency);
		// and prefetch to follow the number of messages that may run at once
		assertThat(this.worker.options().effectiveQueuePrefetch()).isEqualTo(2 * concurrency);
	}

	@Test
	void timeLimitInterruptsAnActorWaitingOnAVirtualThread() {
		assumeVirtualThreads();
		// Given an actor that would sleep for a minute, under a 200 ms time limit
		this.broker.addMiddleware(new TimeLimit(Duration.ofMillis(200), Duration.ofMillis(20)));
		CountDownLatch never = new CountDownLatch(1);
		declare("slow", (args, kwargs) -> {
			never.await(60, TimeUnit.SECONDS);
			return null;
		});
		start(4);
		// When it runs
		send("slow", 1);
		// I expect it to be interrupted with TimeLimitExceeded
		await().atMost(WAIT).until(() -> !this.failures.isEmpty());
		assertThat(this.failures).hasSize(1);
		assertThat(this.failures.get(0)).isInstanceOf(TimeLimitExceededException.class)
			.hasCauseInstanceOf(InterruptedException.class);
	}

	@Test
	void shutdownNotificationInterruptsAnActorWaitingOnAVirtualThread() throws Exception {
		assumeVirtualThreads();
		// Given a notified actor waiting on a virtual thread
		this.broker.addMiddleware(new ShutdownNotifications(true));
		CountDownLatch started = new CountDownLatch(1);
		declare("waiting", (args, kwargs) -> {
			started.countDown();
			new CountDownLatch(1).await(60, TimeUnit.SECONDS);
			return null;
		});
		start(4);
		send("waiting", 1);
		assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		// When the worker shuts down
		long begin = System.nanoTime();
		this.worker.stop(WAIT);
		// I expect the actor to have been interrupted with Shutdown, not waited for
		assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(WAIT);
		assertThat(this.failures).hasSize(1);
		assertThat(this.failures.get(0)).isInstanceOf(ShutdownException.class)
			.hasCauseInstanceOf(InterruptedException.class);
	}

	@Test
	void workerBeforeJava21RefusesVirtualThreadsAndSaysWhatIsNeeded() {
		assumeThat(VirtualThreads.isSupported()).as("this runtime has virtual threads").isFalse();
		assertThatIllegalStateException()
			.isThrownBy(() -> new Worker(this.broker, WorkerOptions.defaults().withVirtualThreads(true)))
			.withMessageContaining("virtual threads")
			.withMessageContaining("Java 21");
	}

}
