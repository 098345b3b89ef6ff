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
 * {@code 202 Accepted} with the message id; a worker counts the words later.
 */
@RestController
class CountWordsController {

	private final ActorProxy countWords;

	CountWordsController(@Qualifier("count_words") ActorProxy countWords) {
		this.countWords = countWords;
	}

	@PostMapping(path = "/count-words", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> countWords(@RequestParam String url) {
		return ResponseEntity.accepted().body(this.countWords.send(url).messageId());
	}

}
