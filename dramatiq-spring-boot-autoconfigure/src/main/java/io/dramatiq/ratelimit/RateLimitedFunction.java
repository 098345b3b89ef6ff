package io.dramatiq.ratelimit;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.dramatiq.actor.ActorFunction;
import io.dramatiq.message.Message;

/**
 * An {@link ActorFunction} that runs another one only while holding a permit of a
 * {@link RateLimiter}, as {@link RateLimited @RateLimited} asks. Without a permit it
 * throws {@link RateLimitExceededException} and the wrapped function is not called.
 */
public final class RateLimitedFunction implements ActorFunction {

	private final ActorFunction function;

	private final RateLimiter limiter;

	/**
	 * Wrap a function.
	 * @param function the function to run with a permit
	 * @param limiter the limiter giving the permits
	 */
	public RateLimitedFunction(ActorFunction function, RateLimiter limiter) {
		this.function = Objects.requireNonNull(function, "'function' must not be null");
		this.limiter = Objects.requireNonNull(limiter, "'limiter' must not be null");
	}

	@Override
	public Object call(List<Object> args, Map<String, Object> kwargs) throws Exception {
		try (Permit permit = this.limiter.acquire()) {
			return this.function.call(args, kwargs);
		}
	}

	@Override
	public boolean isRaw() {
		return this.function.isRaw();
	}

	@Override
	public Object call(Message message) throws Exception {
		try (Permit permit = this.limiter.acquire()) {
			return this.function.call(message);
		}
	}

	@Override
	public void checkArguments(List<Object> args, Map<String, Object> kwargs, List<?> given,
			Map<String, ?> givenKwargs) {
		this.function.checkArguments(args, kwargs, given, givenKwargs);
	}

	@Override
	public void checkStepArguments(List<Object> args, Map<String, Object> kwargs, List<?> given,
			Map<String, ?> givenKwargs) {
		this.function.checkStepArguments(args, kwargs, given, givenKwargs);
	}

	@Override
	public Type returnType() {
		return this.function.returnType();
	}

	@Override
	public String toString() {
		return this.function + " limited by " + this.limiter.key();
	}

}
