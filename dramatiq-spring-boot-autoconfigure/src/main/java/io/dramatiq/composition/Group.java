package io.dramatiq.composition;

import java.time.Duration;
import java.util.List;

import io.dramatiq.broker.Broker;
import io.dramatiq.message.Message;

/**
 * Messages, pipelines or groups run side by side, as Python Dramatiq's
 * {@code group([...])} (spec §8.10, §9), with optional completion callbacks that run once
 * every child succeeded.
 */
public final class Group {

	/**
	 * Build a group.
	 * @param broker the broker to run it on
	 * @param children messages, pipelines or groups
	 * @return the group
	 */
	public static Group of(Broker broker, Object... children) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return a group that enqueues a message once every child succeeded
	 * ({@code add_completion_callback}).
	 * @param callback the message to enqueue
	 * @return the group with the callback
	 */
	public Group withCompletionCallback(Message callback) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return the children.
	 * @return the children, messages, pipelines or groups
	 */
	public List<Object> children() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return the number of children.
	 * @return the size
	 */
	public int size() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Enqueue every child.
	 * @return this group
	 */
	public Group run() {
		return run(null);
	}

	/**
	 * Enqueue every child with a delay.
	 * @param delay the delay, or {@code null}
	 * @return this group
	 */
	public Group run(Duration delay) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return how many children have completed.
	 * @return the count
	 */
	public int completedCount() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return whether every child has completed.
	 * @return whether the group completed
	 */
	public boolean isCompleted() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Wait for every child's result within one shared deadline, in child order; a
	 * pipeline child gives its last result, a group child the list of its results.
	 * @param timeout how long to wait in all
	 * @return the results
	 */
	public List<Object> getResults(Duration timeout) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Wait until every child has completed ({@code group.wait(timeout)}).
	 * @param timeout how long to wait in all
	 */
	public void join(Duration timeout) {
		throw new UnsupportedOperationException("TODO");
	}

}
