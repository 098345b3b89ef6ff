package io.dramatiq.sample;

import io.dramatiq.message.Message;
import io.dramatiq.spring.ActorClient;
import io.dramatiq.spring.ActorRef;

/**
 * A typed client of the word-counting actors: each method sends a message, checked at
 * start-up against the actor's method. Spring Boot finds it in the application's package
 * and makes it a bean.
 */
@ActorClient
public interface WordCounting {

	/**
	 * Enqueue {@code count_words} for a URL.
	 * @param url the page to count the words of
	 * @return the message sent
	 */
	@ActorRef(name = "count_words")
	Message countWords(String url);

	/**
	 * Enqueue {@code count_words_safe}, which drops an invalid URL instead of failing.
	 * @param url the page to count the words of
	 * @return the message sent
	 */
	@ActorRef(name = "count_words_safe")
	Message countWordsSafe(String url);

}
