package io.dramatiq.sample;

import io.dramatiq.message.Message;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Enqueues {@code count_words} for a URL: {@code POST /count-words?url=...} answers
 * {@code 202 Accepted} with the message id; a worker counts the words later. With
 * {@code safe=true} it enqueues {@code count_words_safe}, which drops an invalid URL
 * instead of failing and being retried. It sends through the typed client
 * {@link WordCounting}.
 */
@RestController
class CountWordsController {

	private final WordCounting wordCounting;

	CountWordsController(WordCounting wordCounting) {
		this.wordCounting = wordCounting;
	}

	@PostMapping(path = "/count-words", produces = MediaType.TEXT_PLAIN_VALUE)
	ResponseEntity<String> countWords(@RequestParam String url, @RequestParam(defaultValue = "false") boolean safe) {
		Message sent = safe ? this.wordCounting.countWordsSafe(url) : this.wordCounting.countWords(url);
		return ResponseEntity.accepted().body(sent.messageId());
	}

}
