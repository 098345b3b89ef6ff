package io.dramatiq.spring.boot.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard on the stub broker in a Spring MVC application, with write access and
 * values shown; also the actors, failures and message pages, and the screenshots of
 * {@code docs/dashboard} (written to {@code target/dashboard-screenshots}, or to the
 * directory {@code -Ddashboard.screenshots=} names).
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dramatiq.broker.type=stub", "dramatiq.dashboard.enabled=true",
				"dramatiq.dashboard.refresh-interval=300ms", "dramatiq.worker.worker-timeout=50ms",
				"management.endpoint.dramatiq.access=unrestricted", "management.endpoint.dramatiq.show-values=always" })
class DashboardBrowserTests extends AbstractDashboardBrowserTests {

	static final String QUEUE = newQueueName();

	@DynamicPropertySource
	static void queue(DynamicPropertyRegistry registry) {
		registry.add("dashboard-test.queue", () -> QUEUE);
	}

	@Override
	void assertWorkers() {
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("The stub broker lives in this process");
	}

	@Test
	void actorsPageShowsTheActorWithItsQueue() {
		browser.get(url("/actors"));
		awaitContains(By.cssSelector("tr[data-actor='" + DashboardTestApplication.ACTOR + "']"), QUEUE);
	}

	@Test
	void recentFailuresAndTheMessagePageShowWhatHappened() {
		// Given a message that failed and was dead-lettered
		String id = deadLetters("lost").get(0);
		// When I open the recent failures
		browser.get(url("/failures"));
		// I expect it there with its reason and traceback
		awaitContains(By.cssSelector("tr[data-message-id='" + id + "'] td.reason"),
				"java.lang.IllegalStateException: Refused [lost]");
		// When I look it up by id
		browser.findElement(By.id("lookup-id")).sendKeys(id);
		browser.findElement(By.cssSelector("#lookup button")).click();
		// I expect its history, ending dead-lettered, and the dead letter itself
		awaitContains(By.id("events"), "dead-lettered");
		assertThat(browser.findElement(By.id("events")).getText()).contains("enqueued", "started", "failed");
		assertThat(browser.findElement(By.id("dead-letter")).getText()).contains("\"lost\"");
	}

	@Test
	void screenshotsOfTheMainPages() throws IOException {
		deadLetters("https://example.com/a", "https://example.com/b");
		Path directory = Path.of(System.getProperty("dashboard.screenshots", "target/dashboard-screenshots"));
		Files.createDirectories(directory);
		shoot("", By.cssSelector("tr[data-queue='" + QUEUE + "']"), directory.resolve("queues.png"));
		shoot("/queues/" + QUEUE, By.cssSelector("tr[data-message-id]"), directory.resolve("dead-letters.png"));
		shoot("/actors", By.id("actors"), directory.resolve("actors.png"));
		shoot("/workers", By.id("local-worker"), directory.resolve("workers.png"));
		shoot("/failures", By.id("failures"), directory.resolve("failures.png"));
		assertThat(directory.resolve("queues.png")).isNotEmptyFile();
	}

	private void shoot(String path, By ready, Path target) throws IOException {
		browser.get(url(path));
		waitFor(ready);
		File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

}
