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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The walkthrough's actor: fetches a URL and logs how many words it has. Sending to it
 * ({@code count_words}) runs it on a worker thread; calling {@link #countWords} directly
 * runs it here and now.
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
	public int countWords(String url) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
		String text = this.client.send(request, HttpResponse.BodyHandlers.ofString()).body().strip();
		int count = text.isEmpty() ? 0 : text.split("\\s+").length;
		this.counts.put(url, count);
		logger.info("There are {} words at '{}'.", count, url);
		return count;
	}

	/**
	 * Return the last count of each URL.
	 * @return the counts, by URL
	 */
	public Map<String, Integer> counts() {
		return Map.copyOf(this.counts);
	}

}
