package io.dramatiq.spring.boot.autoconfigure.workeronly;

import io.dramatiq.actor.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A worker-only application, as the README's recipe describes it: the starter, an actor,
 * no web server. {@link WorkerOnlyApplicationTests} runs it as a child process. No
 * component scan, so that it picks up none of the tests' configurations.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class WorkerOnlyApplication {

	@Bean
	Greeter greeter() {
		return new Greeter();
	}

	public static void main(String[] args) {
		SpringApplication.run(WorkerOnlyApplication.class, args);
	}

	/**
	 * The one actor, so that the worker consumes a queue.
	 */
	static class Greeter {

		private static final Logger logger = LoggerFactory.getLogger(Greeter.class);

		@Actor(name = "greet")
		public void greet(String name) {
			logger.info("Hello, {}.", name);
		}

	}

}
