package io.dramatiq.spring;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.dramatiq.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Tests for {@link WorkerContainer}.
 */
class WorkerContainerTests {

	private final Worker worker = mock(Worker.class);

	private final WorkerContainer container = new WorkerContainer(this.worker);

	@AfterEach
	void stopContainer() {
		this.container.stop();
	}

	@Test
	void startsLateAndStopsEarly() {
		assertThat(this.container.getPhase()).isEqualTo(WorkerContainer.DEFAULT_PHASE)
			.isGreaterThan(SmartLifecycle.DEFAULT_PHASE - 1024)
			.isLessThan(SmartLifecycle.DEFAULT_PHASE);
		assertThat(this.container.isAutoStartup()).isTrue();
	}

	@Test
	void startStartsTheWorkerOnce() {
		this.container.start();
		this.container.start();
		assertThat(this.container.isRunning()).isTrue();
		verify(this.worker, times(1)).start();
	}

	@Test
	void stopWithCallbackStopsTheWorkerThenSignals() throws InterruptedException {
		// Given a running container
		this.container.start();
		// When Spring stops it
		CountDownLatch stopped = new CountDownLatch(1);
		this.container.stop(stopped::countDown);
		// I expect the worker to be stopped before the callback runs
		assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.container.isRunning()).isFalse();
		InOrder order = inOrder(this.worker);
		order.verify(this.worker).start();
		order.verify(this.worker).stop();
	}

	@Test
	void runningContainerKeepsTheJvmAliveUntilStopped() throws InterruptedException {
		// Given a started container
		Set<Thread> before = keepAliveThreads();
		this.container.start();
		// I expect a non-daemon thread to run, as the worker's threads are daemons
		Set<Thread> started = keepAliveThreads();
		started.removeAll(before);
		assertThat(started).hasSize(1);
		Thread keepAlive = started.iterator().next();
		assertThat(keepAlive.isDaemon()).isFalse();
		// and to end once the container stopped
		CountDownLatch stopped = new CountDownLatch(1);
		this.container.stop(stopped::countDown);
		assertThat(stopped.await(10, TimeUnit.SECONDS)).isTrue();
		keepAlive.join(10_000);
		assertThat(keepAlive.isAlive()).isFalse();
	}

	private static Set<Thread> keepAliveThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("dramatiq-keep-alive") && thread.isAlive())
			.collect(Collectors.toCollection(HashSet::new));
	}

	@Test
	void stopWhenNotRunningOnlySignals() {
		CountDownLatch stopped = new CountDownLatch(1);
		this.container.stop(stopped::countDown);
		assertThat(stopped.getCount()).isZero();
		verify(this.worker, never()).stop();
	}

	@Test
	void stopStopsTheWorker() {
		this.container.start();
		this.container.stop();
		this.container.stop();
		verify(this.worker, times(1)).stop();
		assertThat(this.container.isRunning()).isFalse();
	}

}
