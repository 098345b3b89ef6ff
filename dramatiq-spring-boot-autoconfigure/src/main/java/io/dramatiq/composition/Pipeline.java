package io.dramatiq.composition;

import java.time.Duration;
import java.util.List;

import io.dramatiq.broker.Broker;
import io.dramatiq.message.Message;

/**
 * A chain of messages where each one's result is passed to the next, as Python Dramatiq's
 * {@code pipeline([...])} or {@code a | b} (spec §8.6, §9). Immutable.
 */
public final class Pipeline {

	/**
	 * Build a pipeline; nested pipelines are flattened.
	 * @param broker the broker to run it on
	 * @param children messages or pipelines, in order
	 * @return the pipeline
	 */
	public static Pipeline of(Broker broker, Object... children) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return a pipeline with one more step ({@code pipe | message}).
	 * @param next a message or a pipeline
	 * @return the longer pipeline
	 */
	public Pipeline then(Object next) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return the messages, each with its {@code pipe_target} set as it will be enqueued.
	 * @return the messages, first to last
	 */
	public List<Message> messages() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return the number of messages.
	 * @return the size
	 */
	public int size() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Enqueue the first message.
	 * @return this pipeline
	 */
	public Pipeline run() {
		return run(null);
	}

	/**
	 * Enqueue the first message after a delay (the longer of this and its own
	 * {@code delay} option).
	 * @param delay the delay, or {@code null}
	 * @return this pipeline
	 */
	public Pipeline run(Duration delay) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return how many leading messages have a stored result.
	 * @return the count
	 */
	public int completedCount() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return whether the last message has a stored result.
	 * @return whether the pipeline completed
	 */
	public boolean isCompleted() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Wait for the last message's result, typed by its actor's return type when that
	 * actor is declared here.
	 * @param <T> the result type
	 * @param timeout how long to wait
	 * @return the result
	 */
	public <T> T getResult(Duration timeout) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Wait for every message's result, within one shared deadline.
	 * @param timeout how long to wait in all
	 * @return the results, first to last
	 */
	public List<Object> getResults(Duration timeout) {
		throw new UnsupportedOperationException("TODO");
	}

}
