package io.dramatiq.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.message.Message;
import io.dramatiq.ratelimit.Permit;
import io.dramatiq.ratelimit.RateLimiter;
import io.dramatiq.spring.ActorProxy;
import io.dramatiq.spring.SendOptions;
import io.dramatiq.spring.boot.autoconfigure.DramatiqProperties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static io.dramatiq.spring.boot.test.DramatiqAssertions.assertThat;

/**
 * Tests of the walkthrough on the stub broker: send, join the queues, assert (the stub
 * broker is flushed after each test). Sending on start-up is off here;
 * {@link StartupMessagesTests} covers it. The backoff of {@code count_words} is shortened
 * so that its retries take milliseconds.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dramatiq.broker.type=stub", "sample.count-words-on-startup=false",
				// retry as often as application.yml says, but after milliseconds, not
				// seconds
				"dramatiq.actors.[count_words].min-backoff=10ms", "dramatiq.worker.worker-timeout=20ms" })
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	private StubBroker broker;

	@Autowired
	@Qualifier("count_words")
	private ActorProxy countWords;

	@Autowired
	@Qualifier("count_words_safe")
	private ActorProxy countWordsSafe;

	@Autowired
	private WordCounter wordCounter;

	@Autowired
	@Qualifier("fetches")
	private RateLimiter fetches;

	@Autowired
	private DramatiqProperties properties;

	@LocalServerPort
	private int port;

	@Test
	void countWordsCountsTheWordsOfALocalPage(CapturedOutput output) {
		// Given one of the sample's own pages
		String url = page(1);
		// When I send count_words for it and wait for the queue to drain
		this.countWords.send(url);
		this.broker.joinAll(TIMEOUT, true);
		// I expect its words counted and logged as in the walkthrough
		assertThat(this.wordCounter.counts()).containsEntry(url, 15);
		assertThat(output).contains("There are 15 words at '" + url + "'.");
	}

	@Test
	void countWordsWaitsForAPermitOfTheFetchesLimiter(CapturedOutput output) {
		// Given every permit of the 'fetches' limiter held elsewhere
		String url = page(3) + "?limited";
		List<Permit> held = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				held.add(this.fetches.acquire());
			}
			// When I send count_words, it is denied and retried (each denial counts as a
			// retry: allow more than the 3 of application.yml, as they come every few ms)
			this.countWords.sendWithOptions(SendOptions.option("max_retries", 20), url);
			Awaitility.await()
				.atMost(TIMEOUT)
				.until(() -> output.getOut().contains("rate limit exceeded for key 'fetches'"));
			assertThat(this.wordCounter.counts()).doesNotContainKey(url);
		}
		finally {
			held.forEach(Permit::close);
		}
		// and once the permits are given back, a retry counts the page (the denials were
		// failures, so the join must not stop at them)
		this.broker.joinAll(TIMEOUT, false);
		assertThat(this.wordCounter.counts()).containsEntry(url, 20);
	}

	@Test
	void postCountWordsEnqueuesAMessage() {
		String url = page(2);
		String messageId = post(url, false);
		assertThat(messageId).hasSize(36);
		this.broker.joinAll(TIMEOUT, true);
		assertThat(this.wordCounter.counts()).containsEntry(url, 26);
	}

	@Test
	void messagesBuiltByTheProxyAreSentTogetherWithEnqueueAll() {
		// Given the sample's three pages
		List<String> urls = List.of(page(1), page(2), page(3));
		// When I build a count_words message for each and enqueue them together
		List<Message> sent = this.broker.enqueueAll(urls.stream().map(this.countWords::message).toList());
		this.broker.joinAll(TIMEOUT, true);
		// I expect all three counted
		assertThat(sent).extracting(Message::actorName).containsOnly("count_words");
		assertThat(this.wordCounter.counts()).containsEntry(page(1), 15)
			.containsEntry(page(2), 26)
			.containsEntry(page(3), 20);
	}

	@Test
	void joinWithFailFastRethrowsTheActorsExceptionForAnInvalidUrl(CapturedOutput output) {
		// Given count_words sent for 'foo', which is no URL, with no retries: the
		// message's own max_retries overrides application.yml
		this.countWords.sendWithOptions(SendOptions.option("max_retries", 0), "foo");
		// When I join the queue with fail-fast on
		// I expect the actor's exception in this thread, and the failure in the log
		assertThatIllegalArgumentException().isThrownBy(() -> this.broker.joinAll(TIMEOUT, true));
		assertThat(output).contains("Failed to process message count_words('foo') with unhandled exception");
	}

	@Test
	void countWordsForAnInvalidUrlIsRetriedWithGrowingBackoffThenDeadLettered(CapturedOutput output) {
		// Given count_words, retried 3 times as application.yml says
		int maxRetries = this.properties.getActors().get("count_words").getMaxRetries();
		assertThat(maxRetries).isEqualTo(3);
		// When I send it 'foo', which always fails, and wait for the queue to drain
		Message sent = this.countWords.send("foo");
		this.broker.joinAll(TIMEOUT, false);
		// I expect it dead-lettered after its retries, with the actor's exception
		assertThat(this.broker).hasDeadLetter("default", "count_words")
			.hasArgs("foo")
			.hasRetries(maxRetries)
			.hasExceptionInstanceOf(IllegalArgumentException.class);
		assertThat(this.broker).deadLetters("default").singleElement().satisfies((letter) -> {
			assertThat(letter.message().messageId()).isEqualTo(sent.messageId());
		});
		// and each retry in the log, after a backoff that doubles: 10-20, 20-40, 40-80 ms
		Matcher retrying = Pattern.compile("Retrying message '" + sent.messageId() + "' in (\\d+) milliseconds\\.")
			.matcher(output.getOut());
		List<Long> delays = new ArrayList<>();
		while (retrying.find()) {
			delays.add(Long.parseLong(retrying.group(1)));
		}
		assertThat(delays).hasSize(maxRetries);
		for (int retry = 0; retry < maxRetries; retry++) {
			assertThat(delays.get(retry)).isGreaterThanOrEqualTo(10L << retry).isLessThan(20L << retry);
		}
	}

	@Test
	void countWordsSafeDropsAnInvalidUrlWithoutRetrying(CapturedOutput output) {
		// Given the catch-and-drop version of count_words
		// When I send it 'foo' through the endpoint, with safe=true
		String messageId = post("foo", true);
		// I expect the message dropped: no failure, no retry, no dead letter
		this.broker.joinAll(TIMEOUT, true);
		assertThat(this.broker).hasNoDeadLetters();
		assertThat(output.getOut().lines().filter((line) -> line.contains(messageId)))
			.anyMatch((line) -> line.contains("Message dropped due to invalid url: 'foo'."))
			.noneMatch((line) -> line.contains("Retrying message"))
			.noneMatch((line) -> line.contains("Failed to process message"));
		assertThat(this.countWordsSafe.actorName()).isEqualTo("count_words_safe");
	}

	@Test
	void callingTheActorDirectlyRunsItInTheCaller() throws Exception {
		assertThat(this.wordCounter.countWords(page(3))).isEqualTo(20);
		assertThat(this.broker.queueCounts("default").ready()).isZero();
	}

	@Test
	void wordCountAnswersWithTheResultTheWorkerStored() {
		// Given one of the sample's pages
		// When I ask for its word count, which sends count_words and waits for its result
		String count = get("/word-count", page(2));
		// I expect the count the worker stored
		assertThat(count).isEqualTo("26");
	}

	@Test
	void wordReportRunsAPipelineThatPassesTheCountOn() {
		// When I ask for a page's report: count_words(url) | word_report(url)
		String report = get("/word-report", page(1));
		// I expect word_report to have received the count of count_words
		assertThat(report).isEqualTo("'" + page(1) + "' has 15 words.");
	}

	private String get(String path, String url) {
		return RestClient.create("http://localhost:" + this.port)
			.get()
			.uri((uri) -> uri.path(path).queryParam("url", url).build())
			.retrieve()
			.body(String.class);
	}

	private String post(String url, boolean safe) {
		return RestClient.create("http://localhost:" + this.port)
			.post()
			.uri((uri) -> uri.path("/count-words").queryParam("url", url).queryParam("safe", safe).build())
			.retrieve()
			.body(String.class);
	}

	private String page(int number) {
		return "http://localhost:" + this.port + "/pages/" + number;
	}

}
