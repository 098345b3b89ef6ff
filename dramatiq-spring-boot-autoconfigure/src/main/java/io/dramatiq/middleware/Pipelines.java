package io.dramatiq.middleware;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;
import io.dramatiq.message.Message;

/**
 * Enqueues the next step of a pipeline when a step succeeds, as Python Dramatiq's
 * {@code Pipelines} ({@code dramatiq/middleware/pipelines.py}).
 * <p>
 * A message of a pipeline carries the next message's full envelope in its option
 * {@code pipe_target}. After a success (no exception and not marked failed), that
 * envelope is enqueued exactly as stored (same {@code message_id},
 * {@code message_timestamp}, queue and options, including its own nested
 * {@code pipe_target}), with the result appended to its arguments unless the next
 * message's option {@code pipe_ignore} or the <em>finished</em> actor's option
 * {@code pipe_ignore} is truthy. The next message's option {@code delay} (milliseconds)
 * delays it through the delay queue. The next actor is not looked up, so pipelines cross
 * services and languages without registration.
 */
public class Pipelines implements Middleware {

	/** The option holding the next message's envelope. */
	public static final String PIPE_TARGET = "pipe_target";

	/** The option saying not to pass the previous result to the next message. */
	public static final String PIPE_IGNORE = "pipe_ignore";

	/** The option holding a pipeline step's delay in milliseconds. */
	public static final String DELAY = "delay";

	/** The actor options this middleware reads, with Python's defaults (spec §12.2). */
	static final List<OptionSpec> OPTION_SPECS = List.of(new OptionSpec(PIPE_IGNORE, Kind.BOOLEAN, false, "Pipelines"),
			new OptionSpec(PIPE_TARGET, Kind.ANY, null, "Pipelines"));

	@Override
	public Set<String> actorOptions() {
		return OptionSpecs.names(OPTION_SPECS);
	}

	@Override
	public List<OptionSpec> actorOptionSpecs() {
		return OPTION_SPECS;
	}

	@Override
	public void afterProcessMessage(Broker broker, MessageProxy message, Object result, Throwable exception) {
		Object target = message.options().get(PIPE_TARGET);
		if (!(target instanceof Map<?, ?> envelope) || message.isFailed() || exception != null) {
			return;
		}
		Message next = Envelopes.toMessage(envelope);
		boolean ignore = Options.isTruthy(next.option(PIPE_IGNORE))
				|| Options.isTruthy(Options.actorOptions(broker, message).get(PIPE_IGNORE));
		if (!ignore) {
			List<Object> args = new ArrayList<>(next.args());
			args.add(result);
			next = next.withArgs(args);
		}
		Object delay = next.option(DELAY);
		broker.enqueue(next, (delay != null) ? Duration.ofMillis((long) Options.millis(delay)) : null);
	}

}
