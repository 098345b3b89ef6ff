package io.dramatiq.benchmarks;

import java.util.List;

import io.dramatiq.broker.Broker;

/**
 * A broker for {@link Bench} to measure, with the plain client of the same server doing
 * the same work as its ceiling.
 */
interface BenchTarget extends AutoCloseable {

	/**
	 * Return the broker, with Python's default middleware.
	 * @return the broker
	 */
	Broker broker();

	/**
	 * Return the stats of this JVM and of the server.
	 * @return the stats
	 */
	ProcessStats stats();

	/**
	 * Queue messages for a drain, as fast as this broker allows.
	 * @param queue the queue
	 * @param count how many
	 */
	default void fill(String queue, int count) throws Exception {
		Bench.sendAll(broker(), queue, count);
	}

	/**
	 * Figures only this broker has, measured after the enqueue phase.
	 * @param queue the queue
	 * @param count messages per figure
	 * @return the figures
	 */
	default List<Bench.Figure> extraEnqueueFigures(String queue, int count) throws Exception {
		return List.of();
	}

	/**
	 * Return the arguments of {@link DrainProcess} for a worker process on this broker,
	 * or {@code null} if the broker cannot be shared between processes.
	 * @param queue the queue
	 * @return the arguments
	 */
	default List<String> drainProcessArguments(String queue) {
		return null;
	}

	/**
	 * Return whether there is a plain client to compare with.
	 * @return whether there is one
	 */
	default boolean hasPlainClient() {
		return true;
	}

	/**
	 * Send messages with the plain client as {@link Bench} sends them with the broker:
	 * one call each from {@code producers} threads.
	 * @param count how many
	 * @return messages per second
	 */
	double plainEnqueue(int count) throws Exception;

	/**
	 * Queue messages for {@link #plainDrain}.
	 * @param count how many
	 */
	void plainFill(int count) throws Exception;

	/**
	 * Consume and acknowledge what {@link #plainFill} queued, with the plain client.
	 * @param count how many
	 * @return messages per second
	 */
	double plainDrain(int count) throws Exception;

	/**
	 * Say what the plain client does in {@link #plainDrain}.
	 * @return the description
	 */
	String plainDrainDescription();

	/**
	 * Drain {@code count} messages that {@link #plainFill} queued with the plain client
	 * and {@code concurrency} threads, doing {@code work} for each before its ack.
	 * @param count the messages
	 * @param concurrency the threads
	 * @param work what each message costs
	 * @return messages per second
	 * @throws Exception on a client failure
	 */
	default double plainWorkDrain(int count, int concurrency, Runnable work) throws Exception {
		throw new UnsupportedOperationException("No plain client");
	}

}
