package io.dramatiq.spring.boot.autoconfigure.clients.app;

import io.dramatiq.message.Message;
import io.dramatiq.spring.ActorClient;
import io.dramatiq.spring.ActorRef;

/**
 * A client of an actor of another service, found by scanning the application's package.
 */
@ActorClient(queue = "greetings")
public interface Greetings {

	/**
	 * Greet someone.
	 * @param name who
	 * @return the message sent
	 */
	@ActorRef(name = "greet")
	Message greet(String name);

}
