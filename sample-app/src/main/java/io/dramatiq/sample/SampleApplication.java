package io.dramatiq.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Dramatiq's walkthrough as a Spring Boot application: a {@code count_words} actor that
 * counts the words of a web page, pages of its own to count, and an endpoint that
 * enqueues more. It runs on the in-memory stub broker, so it needs no server.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
