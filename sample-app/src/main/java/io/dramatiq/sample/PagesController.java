package io.dramatiq.sample;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Serves a few plain-text pages, so the walkthrough has something to count without
 * internet access.
 */
@RestController
class PagesController {

	static final List<String> PAGES = List.of(
			"This starter runs Dramatiq actors inside a Spring Boot application, on RabbitMQ, Redis or memory.",
			"Actors are functions or methods that run in the background. Sending to an actor puts a message on a queue "
					+ "and a worker picks it up.",
			"Messages wait in their queue until a worker thread is free, so a burst of work is spread over time.");

	@GetMapping(path = "/pages/{number}", produces = MediaType.TEXT_PLAIN_VALUE)
	String page(@PathVariable int number) {
		if (number < 1 || number > PAGES.size()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No page " + number);
		}
		return PAGES.get(number - 1);
	}

}
