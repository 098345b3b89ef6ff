package io.dramatiq.broker.rabbitmq;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task on the thread that submits it. A consumer connection dispatches its
 * consumer's callbacks with it, so they run on the client's connection thread, which read
 * the delivery, instead of being handed to a thread pool first: a delivery reaches the
 * worker's consumer thread with one thread hand-off less. That is safe only because the
 * callbacks of {@link RabbitmqConsumer} never block: they record the delivery and put it
 * in a queue.
 */
final class CallerRunsExecutor extends AbstractExecutorService {

	static final CallerRunsExecutor INSTANCE = new CallerRunsExecutor();

	private CallerRunsExecutor() {
	}

	@Override
	public void execute(Runnable task) {
		task.run();
	}

	/**
	 * Do nothing: the executor is shared and has no threads; the client does not shut
	 * down an executor it was given.
	 */
	@Override
	public void shutdown() {
	}

	@Override
	public List<Runnable> shutdownNow() {
		return List.of();
	}

	@Override
	public boolean isShutdown() {
		return false;
	}

	@Override
	public boolean isTerminated() {
		return false;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) {
		return false;
	}

}
