package io.dramatiq.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface as a typed client of actors: each abstract method sends a message to
 * one actor, local or living in another service (Python or Java), as an
 * {@link ActorProxy} does, but with the arguments checked by the compiler. The
 * application gets one bean per interface, injectable by type, as Spring's HTTP interface
 * clients are.
 *
 * <pre class="code">
 * &#64;ActorClient(queue = "emails")
 * interface Mailer {
 *
 * 	&#64;ActorRef(name = "send_email")
 * 	Message sendEmail(String to, Email email);
 *
 * 	&#64;ActorRef(name = "send_email")
 * 	Message sendEmailLater(String to, Email email, &#64;Delay Duration delay);
 *
 * }
 * </pre>
 * <p>
 * A method is an actor reference: {@link ActorRef @ActorRef} names the actor and its
 * queue; without it the actor name is the method name, as for
 * {@link io.dramatiq.actor.Actor @Actor}. Parameters are the message's positional
 * arguments, except a {@link SendOptions} parameter (the delay and message options), a
 * {@link Delay @Delay} parameter and {@link Kwarg @Kwarg} parameters (keyword arguments).
 * A method returns {@code void}, the {@link io.dramatiq.message.Message} sent, or a
 * {@link io.dramatiq.results.MessageResult MessageResult&lt;T&gt;} of it (with a results
 * backend). Default methods run their own code.
 * <p>
 * When the actor is declared in the same application, the method is checked against the
 * actor's method when the client is created (argument count, keyword names, JSON kinds of
 * the types, queue); otherwise the actor is registered on the broker as a remote actor on
 * its queue, which the worker of this application does not consume. Mistakes fail
 * start-up with an {@link ActorClientDefinitionException} naming the method. Interfaces
 * are found by {@link EnableActorClients @EnableActorClients}, or with Spring Boot in the
 * application's packages.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ActorClient {

	/**
	 * Queue of the actors whose {@link ActorRef @ActorRef} names no queue. When empty, a
	 * local actor's own queue is used and a remote actor is on {@code default}.
	 * @return the queue name, or empty
	 */
	String queue() default "";

}
