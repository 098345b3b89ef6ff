package io.dramatiq.actor;

import java.util.List;
import java.util.Map;

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

}
