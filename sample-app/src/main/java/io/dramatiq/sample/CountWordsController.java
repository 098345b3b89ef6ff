package io.dramatiq.sample;

import io.dramatiq.spring.ActorProxy;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enqueues {@code count_words} for a URL: {@code POST /count-words?url=...} answers
 * {@code 202 Accepted} with the message id; a worker counts the words later. With
 * {@code safe=true} it enqueues {@code count_words_safe}, which drops an invalid URL
 * instead of failing and being retried.
 */
@RestController
class CountWordsController {

	private final ActorProxy countWords;

	private final ActorProxy countWordsSafe;

	CountWordsController(@Qualifier("count_words") ActorProxy countWords,
			@Qualifier("count_words_safe") ActorProxy countWordsSafe) {
		this.countWords = countWords;
		this.countWordsSafe = countWordsSafe;
	}

	@PostMapping(path = "/count-words", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> countWords(@RequestParam String url, @RequestParam(defaultValue = "false") boolean safe) {
		ActorProxy actor = safe ? this.countWordsSafe : this.countWords;
		return ResponseEntity.accepted().body(actor.send(url).messageId());
	}

}
