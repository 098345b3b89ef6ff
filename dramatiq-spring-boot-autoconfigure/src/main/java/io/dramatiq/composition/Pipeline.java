package io.dramatiq.composition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.dramatiq.Durations;
import io.dramatiq.broker.Broker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.Pipelines;
import io.dramatiq.results.ResultFailureException;
import io.dramatiq.results.ResultMissingException;
import io.dramatiq.results.ResultTimeoutException;
import io.dramatiq.results.Results;

/**
 * A chain of messages where each one's result is passed to the next, as Python Dramatiq's
 * {@code pipeline([...])} or {@code a | b} (spec §8.6, §9). Immutable.
 * <p>
 * Each message carries the next one's full envelope in its option {@code pipe_target}, so
 * the first message holds the whole rest of the chain, nested; the workers'
 * {@link Pipelines} middleware enqueues each next step with the id chosen here. Reading
 * results needs the {@link Results} middleware on the broker and {@code store_results} on
 * the actors.
 */
public final class Pipeline {

	private final Broker broker;

	/** The steps as given, without the {@code pipe_target} this pipeline adds. */
	private final List<Message> steps;

	/** The steps as enqueued, each with its {@code pipe_target}. */
	private final List<Message> messages;

	private Pipeline(Broker broker, List<Message> steps) {
		this.broker = Objects.requireNonNull(broker, "'broker' must not be null");
		if (steps.isEmpty()) {
			throw new IllegalArgumentException("A pipeline needs at least one message");
		}
		this.steps = List.copyOf(steps);
		this.messages = chain(this.steps);
	}

	/**
	 * Build a pipeline; nested pipelines are flattened.
	 * @param broker the broker to run it on
	 * @param children messages or pipelines, in order
	 * @return the pipeline
	 */
	public static Pipeline of(Broker broker, Object... children) {
		List<Message> steps = new ArrayList<>();
		for (Object child : children) {
			addStep(steps, child);
		}
		return new Pipeline(broker, steps);
	}

	private static void addStep(List<Message> steps, Object child) {
		if (child instanceof Message message) {
			steps.add(message);
		}
		else if (child instanceof Pipeline pipeline) {
			steps.addAll(pipeline.steps);
		}
		else {
			throw new IllegalArgumentException("A pipeline is made of messages and pipelines, not "
					+ ((child != null) ? child.getClass().getName() : "null"));
		}
	}

	/**
	 * Set each message's {@code pipe_target} to the next one's envelope, last to first,
	 * so that every envelope holds the rest of the chain.
	 */
	private static List<Message> chain(List<Message> steps) {
		Message[] chained = new Message[steps.size()];
		Message next = null;
		for (int i = steps.size() - 1; i >= 0; i--) {
			Message step = steps.get(i);
			chained[i] = (next != null) ? step.withOption(Pipelines.PIPE_TARGET, next.asMap()) : step;
			next = chained[i];
		}
		return List.of(chained);
	}

	/**
	 * Return a pipeline with one more step ({@code pipe | message}).
	 * @param next a message or a pipeline
	 * @return the longer pipeline
	 */
	public Pipeline then(Object next) {
		List<Message> steps = new ArrayList<>(this.steps);
		addStep(steps, next);
		return new Pipeline(this.broker, steps);
	}

	/**
	 * Return a copy whose last message has the given options merged in, the chain being
	 * rebuilt so that the earlier messages carry them too.
	 */
	Pipeline withLastOptions(Map<String, ?> options) {
		List<Message> steps = new ArrayList<>(this.steps);
		int last = steps.size() - 1;
		steps.set(last, steps.get(last).withOptions(options));
		return new Pipeline(this.broker, steps);
	}

	/**
	 * Return the messages, each with its {@code pipe_target} set as it will be enqueued.
	 * @return the messages, first to last
	 */
	public List<Message> messages() {
		return this.messages;
	}

	/**
	 * Return the number of messages.
	 * @return the size
	 */
	public int size() {
		return this.messages.size();
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
	 * {@code delay} option in milliseconds), or at once when both are absent or zero.
	 * @param delay the delay, or {@code null}
	 * @return this pipeline
	 */
	public Pipeline run(Duration delay) {
		Message first = this.messages.get(0);
		Object own = first.option(Pipelines.DELAY);
		long millis = Math.max((delay != null) ? delay.toMillis() : 0, (own != null) ? Durations.toMillis(own) : 0);
		this.broker.enqueue(first, (millis > 0) ? Duration.ofMillis(millis) : null);
		return this;
	}

	/**
	 * Return how many leading messages have a stored result.
	 * @return the count
	 * @throws ResultFailureException if one of them failed, as Python does
	 */
	public int completedCount() {
		Results results = Results.of(this.broker);
		int count = 0;
		for (Message message : this.messages) {
			try {
				results.result(this.broker, message).getNow();
			}
			catch (ResultMissingException ex) {
				return count;
			}
			count++;
		}
		return count;
	}

	/**
	 * Return whether every message has a stored result.
	 * @return whether the pipeline completed
	 * @throws ResultFailureException if a step failed
	 */
	public boolean isCompleted() {
		return completedCount() == size();
	}

	/**
	 * Wait for the last message's result, typed by its actor's return type when that
	 * actor is declared here.
	 * @param <T> the result type
	 * @param timeout how long to wait
	 * @return the result
	 * @throws ResultTimeoutException if it is not stored in time
	 * @throws ResultFailureException if the last step failed
	 */
	public <T> T getResult(Duration timeout) {
		return Results.of(this.broker).<T>result(this.broker, this.messages.get(size() - 1)).get(timeout);
	}

	/**
	 * Wait for every message's result, within one shared deadline.
	 * @param timeout how long to wait in all
	 * @return the results, first to last
	 * @throws ResultTimeoutException if they are not all stored in time
	 * @throws ResultFailureException if a step failed
	 */
	public List<Object> getResults(Duration timeout) {
		Results results = Results.of(this.broker);
		Deadline deadline = Deadline.after(timeout);
		List<Object> values = new ArrayList<>(size());
		for (Message message : this.messages) {
			values.add(results.result(this.broker, message).get(deadline.remaining()));
		}
		return Collections.unmodifiableList(values);
	}

}
