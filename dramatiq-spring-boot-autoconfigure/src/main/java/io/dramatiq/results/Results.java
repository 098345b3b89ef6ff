package io.dramatiq.results;

import java.util.List;
import java.util.Set;

import io.dramatiq.actor.OptionSpec;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.Message;

/**
 * Stores what actors return, as Python Dramatiq's {@code Results} middleware (spec
 * §10.1): actor and message options {@code store_results} (off by default) and
 * {@code result_ttl} (10 minutes by default).
 */
public class Results implements Middleware {

	/**
	 * Create the middleware with Python's defaults.
	 * @param backend the result backend
	 */
	public Results(ResultBackend backend) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return the results middleware of a broker.
	 * @param broker the broker
	 * @return its results middleware
	 * @throws IllegalStateException if the broker has none
	 */
	public static Results of(Broker broker) {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return the backend results are stored in.
	 * @return the backend
	 */
	public ResultBackend backend() {
		throw new UnsupportedOperationException("TODO");
	}

	/**
	 * Return a handle on a message's result, typed by the actor method's return type when
	 * the actor is declared on the broker, else as plain JSON values.
	 * @param <T> the result type
	 * @param broker the broker the actor may be declared on
	 * @param message the message
	 * @return the handle
	 */
	public <T> MessageResult<T> result(Broker broker, Message message) {
		throw new UnsupportedOperationException("TODO");
	}

	@Override
	public Set<String> actorOptions() {
		throw new UnsupportedOperationException("TODO");
	}

	@Override
	public List<OptionSpec> actorOptionSpecs() {
		throw new UnsupportedOperationException("TODO");
	}

}
