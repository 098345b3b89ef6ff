package io.dramatiq.spring.boot.dashboard;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard with the {@code dramatiq} endpoint's default access, read-only, and its
 * default {@code show-values}, never: writes are refused with a clear message and
 * arguments are hidden.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "dramatiq.broker.type=stub", "dramatiq.dashboard.enabled=true",
				"dramatiq.worker.worker-timeout=50ms" })
class DashboardReadOnlyBrowserTests extends AbstractDashboardBrowserTests {

	static final String QUEUE = newQueueName();

	static final String REFUSED = "You may not requeue dead letters: the dashboard is read-only. Allow writes with"
			+ " management.endpoint.dramatiq.access=unrestricted, behind authentication.";

	@DynamicPropertySource
	static void queue(DynamicPropertyRegistry registry) {
		registry.add("dashboard-test.queue", () -> QUEUE);
	}

	@Override
	void assertWorkers() {
	}

	@Test
	@Override
	void requeueOneAfterConfirmingPutsItBackOnItsQueue() {
		// not allowed here: see requeueAllIsRefusedWithAClearMessage
	}

	@Test
	@Override
	void requeueAllAfterConfirmingEmptiesTheDeadLetters() {
		// not allowed here
	}

	@Test
	@Override
	void deleteAllAfterConfirmingDropsTheDeadLetters() {
		// not allowed here
	}

	@Test
	@Override
	void argumentsAreShownAsTextNeverRunAsScript() {
		// Given a dead letter with a secret argument
		deadLetters("secret");
		browser.get(url("/queues/" + QUEUE));
		// I expect its arguments hidden, and the failure's type without its message
		awaitContains(By.cssSelector("td.args"), "******");
		assertThat(browser.findElement(By.tagName("main")).getText()).doesNotContain("secret")
			.contains("Arguments and tracebacks are hidden");
		assertThat(browser.findElement(By.cssSelector("td.reason")).getText())
			.isEqualTo("java.lang.IllegalStateException");
	}

	@Test
	void requeueAllIsRefusedWithAClearMessage() {
		// Given two dead letters on a read-only dashboard
		deadLetters("a", "b");
		browser.get(url("/queues/" + QUEUE));
		waitFor(By.cssSelector("tr[data-message-id]"));
		// When I requeue them all and confirm
		browser.findElement(By.id("requeue-all")).click();
		wait(browser).until(ExpectedConditions.alertIsPresent()).accept();
		// I expect the refusal shown, and both still dead-lettered
		awaitText(By.id("notice"), REFUSED);
		assertThat(this.broker.queueCounts(QUEUE).dead()).isEqualTo(2);
	}

	@Test
	void abortIsRefusedWithAClearMessage() throws Exception {
		// Given a read-only dashboard
		browser.get(url("/messages/some-id"));
		// When I abort a message and confirm
		waitFor(By.id("abort")).click();
		wait(browser).until(ExpectedConditions.alertIsPresent()).accept();
		// I expect the refusal shown
		awaitText(By.id("notice"), "You may not abort messages: the dashboard is read-only. Allow writes with"
				+ " management.endpoint.dramatiq.access=unrestricted, behind authentication.");
		HttpResponse<String> abort = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/messages/some-id/abort")))
			.POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"abort\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(abort.statusCode()).isEqualTo(403);
	}

	@Test
	void schedulesPageSaysThereIsNoPeriodicActor() {
		browser.get(url("/schedules"));
		awaitText(By.id("empty"), "No actor is periodic.");
	}

	@Test
	void writesThroughTheApiAreForbidden() throws Exception {
		deadLetters("a");
		HttpResponse<String> purge = HTTP.send(
				HttpRequest.newBuilder(URI.create(url("/api/queues/" + QUEUE + "/dead-letters"))).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(purge.statusCode()).isEqualTo(403);
		assertThat(purge.body()).contains("You may not delete dead letters: the dashboard is read-only.");
		assertThat(this.broker.queueCounts(QUEUE).dead()).isEqualTo(1);
	}

}
