package io.dramatiq.composition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import io.dramatiq.broker.Broker;
import io.dramatiq.message.Message;
import io.dramatiq.middleware.GroupCallbacks;
import io.dramatiq.ratelimit.Barrier;
import io.dramatiq.results.ResultFailureException;
import io.dramatiq.results.ResultMissingException;
import io.dramatiq.results.ResultTimeoutException;
import io.dramatiq.results.Results;

/**
 * Messages, pipelines or groups run side by side, as Python Dramatiq's
 * {@code group([...])} (spec §8.10, §9), with optional completion callbacks that run once
 * every child succeeded. Immutable.
 * <p>
 * Completion callbacks need the {@link GroupCallbacks} middleware on the broker: each run
 * creates a barrier for the children in its backend and tags every child (the last
 * message of a pipeline child) with the barrier's id and the callbacks' envelopes; the
 * worker whose success clears the barrier enqueues the callbacks. A group with completion
 * callbacks cannot hold groups. Reading results needs the {@link Results} middleware on
 * the broker and {@code store_results} on the actors.
 */
public final class Group {

	private final Broker broker;

	private final List<Object> children;

	private final List<Message> completionCallbacks;

	private Group(Broker broker, List<Object> children, List<Message> completionCallbacks) {
		this.broker = Objects.requireNonNull(broker, "'broker' must not be null");
		this.children = Collections.unmodifiableList(new ArrayList<>(children));
		this.completionCallbacks = List.copyOf(completionCallbacks);
	}

	/**
	 * Build a group.
	 * @param broker the broker to run it on
	 * @param children messages, pipelines or groups
	 * @return the group
	 */
	public static Group of(Broker broker, Object... children) {
		for (Object child : children) {
			if (!(child instanceof Message || child instanceof Pipeline || child instanceof Group)) {
				throw new IllegalArgumentException("A group is made of messages, pipelines and groups, not "
						+ ((child != null) ? child.getClass().getName() : "null"));
			}
		}
		return new Group(broker, List.of(children), List.of());
	}

	/**
	 * Return a group that enqueues a message once every child succeeded
	 * ({@code add_completion_callback}). The message is enqueued as built here, with its
	 * id.
	 * @param callback the message to enqueue
	 * @return the group with the callback
	 * @throws UnsupportedOperationException if this group holds groups
	 */
	public Group withCompletionCallback(Message callback) {
		Objects.requireNonNull(callback, "'callback' must not be null");
		checkNoNestedGroups();
		List<Message> callbacks = new ArrayList<>(this.completionCallbacks);
		callbacks.add(callback);
		return new Group(this.broker, this.children, callbacks);
	}

	private void checkNoNestedGroups() {
		for (Object child : this.children) {
			if (child instanceof Group) {
				throw new UnsupportedOperationException("A group with completion callbacks cannot hold groups, as in"
						+ " Python Dramatiq: flatten the nested group into this one, or give the callbacks to the"
						+ " nested group");
			}
		}
	}

	/**
	 * Return the children.
	 * @return the children, messages, pipelines or groups
	 */
	public List<Object> children() {
		return this.children;
	}

	/**
	 * Return the completion callbacks.
	 * @return the messages enqueued once every child succeeded
	 */
	public List<Message> completionCallbacks() {
		return this.completionCallbacks;
	}

	/**
	 * Return the number of children.
	 * @return the size
	 */
	public int size() {
		return this.children.size();
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
	 * @throws IllegalStateException if the group has completion callbacks and the broker
	 * has no {@link GroupCallbacks} middleware
	 */
	public Group run(Duration delay) {
		List<Object> children = this.completionCallbacks.isEmpty() ? this.children : withCompletionOptions();
		for (Object child : children) {
			if (child instanceof Message message) {
				this.broker.enqueue(message, delay);
			}
			else if (child instanceof Pipeline pipeline) {
				pipeline.run(delay);
			}
			else {
				((Group) child).run(delay);
			}
		}
		return this;
	}

	/**
	 * Create this run's barrier and return the children tagged with it.
	 */
	private List<Object> withCompletionOptions() {
		checkNoNestedGroups();
		GroupCallbacks groupCallbacks = GroupCallbacks.of(this.broker);
		String uuid = UUID.randomUUID().toString();
		new Barrier(groupCallbacks.backend(), uuid, groupCallbacks.barrierTtl()).create(size());
		List<Map<String, Object>> envelopes = new ArrayList<>();
		for (Message callback : this.completionCallbacks) {
			envelopes.add(callback.asMap());
		}
		Map<String, Object> options = new LinkedHashMap<>();
		options.put(GroupCallbacks.GROUP_COMPLETION_UUID, uuid);
		options.put(GroupCallbacks.GROUP_COMPLETION_CALLBACKS, envelopes);
		List<Object> tagged = new ArrayList<>(size());
		for (Object child : this.children) {
			tagged.add((child instanceof Pipeline pipeline) ? pipeline.withLastOptions(options)
					: ((Message) child).withOptions(options));
		}
		return tagged;
	}

	/**
	 * Return how many leading children have completed.
	 * @return the count
	 * @throws ResultFailureException if one of them failed, as Python does
	 */
	public int completedCount() {
		int count = 0;
		for (Object child : this.children) {
			if (!isCompleted(child)) {
				return count;
			}
			count++;
		}
		return count;
	}

	private boolean isCompleted(Object child) {
		if (child instanceof Pipeline pipeline) {
			return pipeline.isCompleted();
		}
		if (child instanceof Group group) {
			return group.isCompleted();
		}
		try {
			Results.of(this.broker).result(this.broker, (Message) child).getNow();
			return true;
		}
		catch (ResultMissingException ex) {
			return false;
		}
	}

	/**
	 * Return whether every child has completed.
	 * @return whether the group completed
	 * @throws ResultFailureException if a child failed
	 */
	public boolean isCompleted() {
		return completedCount() == size();
	}

	/**
	 * Wait for every child's result within one shared deadline, in child order; a
	 * pipeline child gives its last result, a group child the list of its results.
	 * @param timeout how long to wait in all
	 * @return the results
	 * @throws ResultTimeoutException if they are not all stored in time
	 * @throws ResultFailureException if a child failed
	 */
	public List<Object> getResults(Duration timeout) {
		Deadline deadline = Deadline.after(timeout);
		List<Object> results = new ArrayList<>(size());
		for (Object child : this.children) {
			if (child instanceof Pipeline pipeline) {
				results.add(pipeline.getResult(deadline.remaining()));
			}
			else if (child instanceof Group group) {
				results.add(group.getResults(deadline.remaining()));
			}
			else {
				results.add(Results.of(this.broker).result(this.broker, (Message) child).get(deadline.remaining()));
			}
		}
		return Collections.unmodifiableList(results);
	}

	/**
	 * Wait until every child has completed ({@code group.wait(timeout)}).
	 * @param timeout how long to wait in all
	 * @throws ResultTimeoutException if they do not all complete in time
	 * @throws ResultFailureException if a child failed
	 */
	public void join(Duration timeout) {
		getResults(timeout);
	}

}
