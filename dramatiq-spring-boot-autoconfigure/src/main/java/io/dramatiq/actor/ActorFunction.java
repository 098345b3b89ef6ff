package io.dramatiq.actor;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;

import io.dramatiq.message.Message;

/**
 * The code an actor runs: called by a worker thread with a message's JSON arguments.
 */
@FunctionalInterface
public interface ActorFunction {

	/**
	 * Run the actor.
	 * @param args positional arguments (JSON values)
	 * @param kwargs keyword arguments (JSON values)
	 * @return the result, or {@code null}
	 * @throws Exception whatever the actor throws
	 */
	Object call(List<Object> args, Map<String, Object> kwargs) throws Exception;

	/**
	 * Return whether the function takes whole messages. The worker calls
	 * {@link #call(Message)} only for such a function, and {@link #call(List, Map)} for
	 * the others, which spares them a copy of each message's options.
	 * @return whether {@link #call(Message)} should be called
	 */
	default boolean isRaw() {
		return false;
	}

	/**
	 * Run the actor for a message; the worker calls this one when {@link #isRaw()} is
	 * true. By default it calls {@link #call(List, Map)} with the message's arguments; a
	 * function that wants the whole message (its id, its options) overrides it and
	 * {@link #isRaw()}.
	 * @param message the message, with its current options
	 * @return the result, or {@code null}
	 * @throws Exception whatever the actor throws
	 */
	default Object call(Message message) throws Exception {
		return call(message.args(), message.kwargs());
	}

	/**
	 * Check, when a message is built for this actor in this process, that the actor can
	 * be called with its arguments, so that a mistake fails in the caller rather than in
	 * a worker. It should be cheap: it runs on every send. By default it accepts
	 * anything.
	 * @param args positional arguments (JSON values, as the message carries them)
	 * @param kwargs keyword arguments (JSON values)
	 * @param given the positional arguments as the caller gave them, before encoding
	 * @param givenKwargs the keyword arguments as the caller gave them
	 * @throws ArgumentBindingException if the actor cannot be called with them
	 */
	default void checkArguments(List<Object> args, Map<String, Object> kwargs, List<?> given,
			Map<String, ?> givenKwargs) {
	}

	/**
	 * Check the arguments of a message that may become a pipeline step, as
	 * {@link #checkArguments}, except that one missing last positional argument is
	 * accepted: a pipeline appends the previous step's result there. By default the same
	 * as {@link #checkArguments}.
	 * @param args positional arguments (JSON values, as the message carries them)
	 * @param kwargs keyword arguments (JSON values)
	 * @param given the positional arguments as the caller gave them, before encoding
	 * @param givenKwargs the keyword arguments as the caller gave them
	 * @throws ArgumentBindingException if the actor cannot be called with them, even with
	 * one more argument
	 */
	default void checkStepArguments(List<Object> args, Map<String, Object> kwargs, List<?> given,
			Map<String, ?> givenKwargs) {
		checkArguments(args, kwargs, given, givenKwargs);
	}

	/**
	 * Return the type of what the actor returns, so that a stored result can be read back
	 * as that type. By default {@code Object}: the plain JSON values.
	 * @return the return type
	 */
	default Type returnType() {
		return Object.class;
	}

}
