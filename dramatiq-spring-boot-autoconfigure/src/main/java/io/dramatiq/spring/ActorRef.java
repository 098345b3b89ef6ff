package io.dramatiq.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the actor a method of an {@link ActorClient @ActorClient} interface sends to. A
 * method without it sends to the actor named after the method, as
 * {@link io.dramatiq.actor.Actor @Actor} names an actor after its method.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ActorRef {

	/**
	 * Actor name, as the messages carry it (a Python actor's function name, such as
	 * {@code send_email}); defaults to the method name.
	 * @return the actor name
	 */
	String name() default "";

	/**
	 * Queue the actor consumes; defaults to {@link ActorClient#queue()}, then to a local
	 * actor's queue or {@code default}. For a local actor it must be the actor's queue.
	 * @return the queue name, or empty
	 */
	String queue() default "";

}
