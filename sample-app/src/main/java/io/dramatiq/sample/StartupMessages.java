package io.dramatiq.sample;

import io.dramatiq.spring.ActorProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the application is ready, sends {@code count_words} for the sample's own pages and
 * for {@code foo}, which is no URL: that one fails, visibly, in the log, and is retried
 * with growing backoff until its retries are exhausted. It also sends {@code foo} to
 * {@code count_words_safe}, which drops it. Turn it off with
 * {@code sample.count-words-on-startup=false}.
 */
@Component
@ConditionalOnBooleanProperty(name = "sample.count-words-on-startup", matchIfMissing = true)
class StartupMessages {

	private static final Logger logger = LoggerFactory.getLogger(StartupMessages.class);

	private final ActorProxy countWords;

	private final ActorProxy countWordsSafe;

	StartupMessages(@Qualifier("count_words") ActorProxy countWords,
			@Qualifier("count_words_safe") ActorProxy countWordsSafe) {
		this.countWords = countWords;
		this.countWordsSafe = countWordsSafe;
	}

	@EventListener
	void send(ApplicationReadyEvent event) {
		String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "8080");
		for (int page = 1; page <= PagesController.PAGES.size(); page++) {
			this.countWords.send("http://localhost:" + port + "/pages/" + page);
		}
		this.countWords.send("foo");
		this.countWordsSafe.send("foo");
		logger
			.info("Sent count_words for {} pages and for 'foo', and count_words_safe for 'foo'. Send more with: curl -X"
					+ " POST 'http://localhost:{}/count-words?url=http://localhost:{}/pages/1' (add '&safe=true'"
					+ " for count_words_safe)", PagesController.PAGES.size(), port, port);
	}

}
