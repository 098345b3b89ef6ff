package io.dramatiq.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.dramatiq.actor.Actor;
import io.dramatiq.ratelimit.RateLimited;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The walkthrough's actors: {@code count_words} fetches a URL and logs how many words it
 * has. Sending to it runs it on a worker thread; calling {@link #countWords} directly
 * runs it here and now. It fails for a string that is no URL, such as {@code foo}, and
 * the Retries middleware retries it with growing backoff ({@code application.yml} sets
 * how often and from which delay on). {@code count_words_safe} is the error-handling
 * guide's other answer: it catches the error, logs it and drops the message, so it is not
 * retried. {@code word_report} is the second step of a small pipeline. At most four pages
 * are fetched at once across every instance sharing the rate-limit backend (the
 * {@code fetches} limiter of {@code application.yml}).
 */
@Component
public class WordCounter {

	private static final Logger logger = LoggerFactory.getLogger(WordCounter.class);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<String, Integer> counts = new ConcurrentHashMap<>();

	/**
	 * Count the words at a URL, as the walkthrough's {@code count_words} does.
	 * @param url the page to fetch
	 * @return the number of words
	 * @throws IOException if the page cannot be fetched
	 * @throws InterruptedException if the worker is stopping
	 */
	@Actor(name = "count_words")
	@RateLimited("fetches")
	public int countWords(String url) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
		String text = this.client.send(request, HttpResponse.BodyHandlers.ofString()).body().strip();
		int count = text.isEmpty() ? 0 : text.split("\\s+").length;
		this.counts.put(url, count);
		logger.info("There are {} words at '{}'.", count, url);
		return count;
	}

	/**
	 * Count the words at a URL, dropping the message when the URL is invalid instead of
	 * failing, as in the guide's "Error handling" section.
	 * @param url the page to fetch
	 * @throws IOException if the page cannot be fetched: that is retried
	 * @throws InterruptedException if the worker is stopping
	 */
	@Actor(name = "count_words_safe")
	public void countWordsSafe(String url) throws IOException, InterruptedException {
		try {
			countWords(url);
		}
		catch (IllegalArgumentException ex) {
			// an invalid URL stays invalid however often it is retried
			logger.warn("Message dropped due to invalid url: '{}'.", url);
		}
	}

	/**
	 * Describe a page's word count, as the second step of the pipeline
	 * {@code count_words(url) | word_report(url)}: the pipeline passes the count as the
	 * last argument. Its result is stored ({@code store-results} in
	 * {@code application.yml}) for the caller to read.
	 * @param url the page
	 * @param count the number of words, passed on by {@code count_words}
	 * @return the report
	 */
	@Actor(name = "word_report")
	public String wordReport(String url, int count) {
		return "'" + url + "' has " + count + ((count == 1) ? " word." : " words.");
	}

	/**
	 * Return the last count of each URL.
	 * @return the counts, by URL
	 */
	public Map<String, Integer> counts() {
		return Map.copyOf(this.counts);
	}

}
