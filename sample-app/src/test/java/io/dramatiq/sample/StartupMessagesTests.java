package io.dramatiq.sample;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the sample, as started by its quick start, counts its own pages and shows
 * the failure of {@code foo} in the log.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "dramatiq.broker.type=stub")
@ExtendWith(OutputCaptureExtension.class)
class StartupMessagesTests {

	@Autowired
	private WordCounter wordCounter;

	@LocalServerPort
	private int port;

	@Test
	void startupCountsTheSamplesPagesAndShowsTheFailureOfFoo(CapturedOutput output) {
		String base = "http://localhost:" + this.port + "/pages/";
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.wordCounter.counts()).containsEntry(base + 1, 15)
				.containsEntry(base + 2, 26)
				.containsEntry(base + 3, 20));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output)
				.contains("Failed to process message count_words('foo') with unhandled exception")
				.contains("There are 15 words at '" + base + "1'."));
	}

}
