package io.dramatiq.middleware;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dramatiq.ExceptionNames;
import io.dramatiq.actor.OptionSpec.Kind;
import io.dramatiq.actor.OptionSpec;
import io.dramatiq.broker.Broker;
import io.dramatiq.broker.MessageProxy;
import io.dramatiq.broker.Middleware;

/**
 * Sends a message to another actor when a message succeeds or fails, as Python Dramatiq's
 * {@code Callbacks} ({@code dramatiq/middleware/callbacks.py}).
 * <p>
 * The target is the message option {@code on_success} / {@code on_failure} when truthy,
 * else the actor option of the same name: an actor name, looked up in the broker's
 * {@link io.dramatiq.actor.ActorRegistry registry} (register actors of other services
 * with {@link io.dramatiq.actor.ActorRegistry#registerRemote(String, String)}); an
 * unknown name is logged and ignored. The callback is a new message with the arguments
 * Python uses:
 * <ul>
 * <li>on success: {@code [<envelope>, <result>]};</li>
 * <li>on failure, after <em>every</em> failed attempt, also ones that will be retried:
 * {@code [<envelope>, {"type": <name>, "message": <text>}]}, with Python's type names for
 * Dramatiq's exceptions (see {@link ExceptionNames}).</li>
 * </ul>
 * The envelope is the finished message as the worker sees it, with the options
 * {@link Retries} just updated ({@code retries}, {@code traceback}, ...), because after
 * hooks run in reverse order. Skipped messages trigger no callback.
 */
public class Callbacks implements Middleware {

	/** The option naming the actor to notify on success. */
	public static final String ON_SUCCESS = "on_success";

	/** The option naming the actor to notify on failure. */
	public static final String ON_FAILURE = "on_failure";

	/** The actor options this middleware reads, with Python's defaults (spec §12.2). */
	static final List<OptionSpec> OPTION_SPECS = List.of(new OptionSpec(ON_SUCCESS, Kind.ACTOR_NAME, null, "Callbacks"),
			new OptionSpec(ON_FAILURE, Kind.ACTOR_NAME, null, "Callbacks"));

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
		if (exception == null) {
			String target = Options.string(Options.truthyFirst(broker, message, ON_SUCCESS, null));
			if (target != null) {
				CallbackMessages.send(broker, message, ON_SUCCESS, target, message.message().asMap(), result);
			}
		}
		else {
			String target = Options.string(Options.truthyFirst(broker, message, ON_FAILURE, null));
			if (target != null) {
				Map<String, Object> failure = new LinkedHashMap<>();
				failure.put("type", ExceptionNames.typeName(exception));
				failure.put("message", ExceptionNames.text(exception));
				CallbackMessages.send(broker, message, ON_FAILURE, target, message.message().asMap(), failure);
			}
		}
	}

}
