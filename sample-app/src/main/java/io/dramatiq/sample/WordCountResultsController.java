package io.dramatiq.sample;

import java.time.Duration;

import io.dramatiq.broker.Broker;
import io.dramatiq.composition.Pipeline;
import io.dramatiq.spring.ActorProxy;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Waits for results: {@code GET /word-count?url=...} sends {@code count_words} and
 * answers with the count its worker stored; {@code GET /word-report?url=...} runs the
 * pipeline {@code count_words(url) | word_report(url)} and answers with the report. Both
 * wait at most 10 seconds.
 */
@RestController
class WordCountResultsController {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Broker broker;

	private final ActorProxy countWords;

	private final ActorProxy wordReport;

	WordCountResultsController(Broker broker, @Qualifier("count_words") ActorProxy countWords,
			@Qualifier("word_report") ActorProxy wordReport) {
		this.broker = broker;
		this.countWords = countWords;
		this.wordReport = wordReport;
	}

	@GetMapping(path = "/word-count", produces = MediaType.TEXT_PLAIN_VALUE)
	String wordCount(@RequestParam String url) {
		Integer count = this.countWords.<Integer>result(this.countWords.send(url)).get(TIMEOUT);
		return count.toString();
	}

	@GetMapping(path = "/word-report", produces = MediaType.TEXT_PLAIN_VALUE)
	String wordReport(@RequestParam String url) {
		Pipeline pipeline = Pipeline.of(this.broker, this.countWords.message(url), this.wordReport.message(url));
		return pipeline.run().getResult(TIMEOUT);
	}

}
