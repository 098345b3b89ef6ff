package io.dramatiq.spring.boot.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.dramatiq.actor.Actor;
import io.dramatiq.message.Message;
import io.dramatiq.schedule.Periodic;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard on the stub broker in a Spring MVC application, with write access, values
 * shown and aborting on; also the actors, failures, schedules and message pages, aborting
 * a running message, and the screenshots of {@code docs/dashboard} (written to
 * {@code target/dashboard-screenshots}, or to the directory
 * {@code -Ddashboard.screenshots=} names).
 */
@SpringBootTest(classes = { DashboardTestApplication.class, DashboardBrowserTests.JobsConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dramatiq.broker.type=stub", "dramatiq.dashboard.enabled=true", "dramatiq.abort.enabled=true",
				"dramatiq.abort.poll-interval=50ms", "dramatiq.dashboard.refresh-interval=300ms",
				"dramatiq.worker.worker-timeout=50ms", "management.endpoint.dramatiq.access=unrestricted",
				"management.endpoint.dramatiq.show-values=always" })
class DashboardBrowserTests extends AbstractDashboardBrowserTests {

	static final String QUEUE = newQueueName();

	@Autowired
	Jobs jobs;

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
	void schedulesPageShowsThePeriodicActorWithItsNextRun() {
		browser.get(url("/schedules"));
		awaitContains(By.cssSelector("tr[data-actor='" + Jobs.REPORT + "']"), "every 1h");
		String row = browser.findElement(By.cssSelector("tr[data-actor='" + Jobs.REPORT + "']")).getText();
		assertThat(row).contains("skip");
		// a fixed rate ticks on the multiples of its rate: the next run is on the hour
		assertThat(browser.findElement(By.cssSelector("tr[data-actor='" + Jobs.REPORT + "'] td.next-run")).getText())
			.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:00:00Z");
	}

	@Test
	void abortFromTheMessagePageInterruptsTheRunningActorAndItIsNotRetried() throws Exception {
		// Given a message whose actor is running, blocked
		Message message = this.broker
			.enqueue(Message.create(Jobs.QUEUE, Jobs.BLOCK, List.of("long"), Map.of(), Map.of("max_retries", 3)));
		assertThat(this.jobs.started.await(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
		// When I look it up and abort it, confirming
		browser.get(url("/messages/" + message.messageId()));
		waitFor(By.id("abort")).click();
		Alert confirm = wait(browser).until(ExpectedConditions.alertIsPresent());
		assertThat(confirm.getText()).isEqualTo("Abort message " + message.messageId() + "?");
		confirm.accept();
		// I expect the request acknowledged, the actor interrupted, and the message not
		// run again
		awaitText(By.id("notice"), "Requested: abort message " + message.messageId() + ".");
		await().atMost(TIMEOUT).untilTrue(this.jobs.interrupted);
		await().atMost(TIMEOUT).until(() -> this.broker.queueCounts(Jobs.QUEUE).ready() == 0);
		assertThat(this.jobs.attempts).hasValue(1);
		assertThat(this.broker.queueCounts(Jobs.QUEUE).dead()).isZero();
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
		shoot("/schedules", By.id("schedules"), directory.resolve("schedules.png"));
		assertThat(directory.resolve("queues.png")).isNotEmptyFile();
	}

	private void shoot(String path, By ready, Path target) throws IOException {
		browser.get(url(path));
		waitFor(ready);
		File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
	}

	@Configuration(proxyBeanMethods = false)
	static class JobsConfiguration {

		@Bean
		Jobs dashboardJobs() {
			return new Jobs();
		}

	}

	/**
	 * A periodic actor that ticks every hour, and an actor that blocks until interrupted.
	 */
	static class Jobs {

		static final String REPORT = "dashboard_report";

		static final String BLOCK = "dashboard_block";

		static final String QUEUE = "dashboard_jobs";

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final AtomicBoolean interrupted = new AtomicBoolean();

		final AtomicInteger attempts = new AtomicInteger();

		@Actor(name = REPORT, queueName = QUEUE)
		@Periodic(fixedRate = "1h")
		public void report() {
		}

		@Actor(name = BLOCK, queueName = QUEUE)
		public void block(String name) throws InterruptedException {
			this.attempts.incrementAndGet();
			this.started.countDown();
			try {
				this.release.await();
			}
			catch (InterruptedException ex) {
				this.interrupted.set(true);
				throw ex;
			}
		}

	}

}
