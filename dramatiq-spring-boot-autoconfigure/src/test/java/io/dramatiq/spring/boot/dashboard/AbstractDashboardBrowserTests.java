package io.dramatiq.spring.boot.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.dramatiq.broker.Broker;
import io.dramatiq.message.Message;
import io.dramatiq.spring.boot.dashboard.DashboardTestApplication.Outcomes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator does on the dashboard, in a real browser against a running
 * application: see the queues refresh, requeue one dead letter, requeue all, delete all
 * (each after a confirmation), and find the broker's state changed. Subclasses pick the
 * broker; the queue name is new for each class.
 */
abstract class AbstractDashboardBrowserTests {

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static WebDriver browser;

	@LocalServerPort
	int port;

	@Autowired
	Broker broker;

	@Autowired
	Outcomes outcomes;

	static String newQueueName() {
		return "dashboard_" + UUID.randomUUID().toString().substring(0, 8);
	}

	@BeforeAll
	static void startBrowser() {
		browser = Chromium.start();
	}

	@AfterAll
	static void stopBrowser() {
		if (browser != null) {
			browser.quit();
			browser = null;
		}
	}

	@BeforeEach
	void noDeadLetters() {
		this.outcomes.failing.set(true);
		this.outcomes.processed.clear();
		this.broker.deadLetterQueues().orElseThrow().purge(queue());
	}

	String queue() {
		return this.outcomes.queue;
	}

	String url(String path) {
		return "http://localhost:" + this.port + "/dramatiq" + path;
	}

	@Test
	void queuesPageShowsTheCountsAndRefreshesThem() {
		// Given two dead letters
		deadLetters("a", "b");
		// When I open the queues page
		browser.get(url(""));
		// I expect the queue with its two dead letters
		awaitText(By.cssSelector("tr[data-queue='" + queue() + "'] td.dead"), "2");
		// and, without reloading, a third one showing up
		deadLetters("c");
		awaitText(By.cssSelector("tr[data-queue='" + queue() + "'] td.dead"), "3");
		// (the table is redrawn on every refresh: look the cell up again each time)
		awaitText(By.cssSelector("tr[data-queue='" + queue() + "'] td.ready"), "0");
	}

	@Test
	void requeueOneAfterConfirmingPutsItBackOnItsQueue() {
		// Given two dead letters and an actor that works again
		List<String> ids = deadLetters("first", "second");
		this.outcomes.failing.set(false);
		browser.get(url("/queues/" + queue()));
		WebElement row = waitFor(By.cssSelector("tr[data-message-id='" + ids.get(0) + "']"));
		// When I requeue the first one and confirm
		row.findElement(By.cssSelector("button.requeue")).click();
		Alert confirm = wait(browser).until(ExpectedConditions.alertIsPresent());
		assertThat(confirm.getText()).contains("Requeue message " + ids.get(0));
		confirm.accept();
		// I expect it processed, the other one still dead-lettered
		awaitText(By.id("notice"), "1 dead letter requeued.");
		await().atMost(TIMEOUT).until(() -> this.outcomes.processed.contains("first"));
		assertThat(this.broker.queueCounts(queue()).dead()).isEqualTo(1);
		assertThat(this.broker.deadLetterQueues().orElseThrow().list(queue(), 0, 10)).extracting(Message::messageId)
			.containsExactly(ids.get(1));
		assertThat(browser.findElements(By.cssSelector("tr[data-message-id]"))).hasSize(1);
	}

	@Test
	void requeueAllAfterConfirmingEmptiesTheDeadLetters() {
		deadLetters("one", "two", "three");
		this.outcomes.failing.set(false);
		browser.get(url("/queues/" + queue()));
		waitFor(By.cssSelector("tr[data-message-id]"));
		// When I click "Requeue all" but change my mind, nothing happens
		browser.findElement(By.id("requeue-all")).click();
		wait(browser).until(ExpectedConditions.alertIsPresent()).dismiss();
		assertThat(this.broker.queueCounts(queue()).dead()).isEqualTo(3);
		// When I click it again and confirm
		browser.findElement(By.id("requeue-all")).click();
		wait(browser).until(ExpectedConditions.alertIsPresent()).accept();
		// I expect all three processed and none left
		awaitText(By.id("notice"), "3 dead letters requeued.");
		await().atMost(TIMEOUT).until(() -> this.outcomes.processed.containsAll(List.of("one", "two", "three")));
		assertThat(this.broker.queueCounts(queue()).dead()).isZero();
	}

	@Test
	void deleteAllAfterConfirmingDropsTheDeadLetters() {
		deadLetters("x", "y");
		this.outcomes.failing.set(false);
		browser.get(url("/queues/" + queue()));
		waitFor(By.cssSelector("tr[data-message-id]"));
		browser.findElement(By.id("delete-all")).click();
		Alert confirm = wait(browser).until(ExpectedConditions.alertIsPresent());
		assertThat(confirm.getText()).contains("Delete all 2 dead letters").contains("cannot be undone");
		confirm.accept();
		awaitText(By.id("notice"), "2 dead letters deleted.");
		assertThat(this.broker.queueCounts(queue()).dead()).isZero();
		assertThat(this.broker.queueCounts(queue()).ready()).isZero();
		assertThat(this.outcomes.processed).isEmpty();
		assertThat(browser.findElement(By.id("empty")).getText()).isEqualTo("No dead letters.");
	}

	@Test
	void argumentsAreShownAsTextNeverRunAsScript() {
		// Given a dead letter whose argument is markup
		String markup = "<script>window.dramatiqHacked = true</script><b>bold</b>";
		deadLetters(markup);
		browser.get(url("/queues/" + queue()));
		// I expect the markup shown as text, not run
		awaitContains(By.cssSelector("td.args"), markup);
		assertThat(browser.findElements(By.cssSelector("#content script, #content b"))).isEmpty();
		Object hacked = ((org.openqa.selenium.JavascriptExecutor) browser)
			.executeScript("return window.dramatiqHacked === true");
		assertThat(hacked).isEqualTo(false);
		// and the failure's reason beside it
		assertThat(browser.findElement(By.cssSelector("td.reason")).getText()).contains("Refused");
	}

	@Test
	void workersPageShowsThisProcess() {
		browser.get(url("/workers"));
		WebElement local = waitFor(By.cssSelector("#local-worker td.threads"));
		assertThat(Integer.parseInt(local.getText())).isPositive();
		assertThat(browser.findElement(By.cssSelector("#local-worker")).getText()).contains(queue());
		assertWorkers();
	}

	/**
	 * Check what the workers page shows of this broker.
	 */
	abstract void assertWorkers();

	@Test
	void unknownQueueIsA404PageWithAClearMessage() throws Exception {
		HttpResponse<String> page = get("/queues/no_such_queue");
		assertThat(page.statusCode()).isEqualTo(404);
		HttpResponse<String> api = get("/api/queues/no_such_queue/dead-letters");
		assertThat(api.statusCode()).isEqualTo(404);
		assertThat(api.body()).contains("Queue 'no_such_queue' was never declared on this broker.");
		browser.get(url("/queues/no_such_queue"));
		awaitText(By.id("notice"), "Queue 'no_such_queue' was never declared on this broker.");
		assertThat(browser.getPageSource()).doesNotContain("Exception");
	}

	HttpResponse<String> get(String path) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Send messages that fail at once and wait until they are dead-lettered.
	 * @param args one argument per message
	 * @return the message ids, in order
	 */
	List<String> deadLetters(String... args) {
		long dead = this.broker.queueCounts(queue()).dead();
		List<String> ids = new java.util.ArrayList<>();
		for (String arg : args) {
			Message message = this.broker.enqueue(Message.create(queue(), DashboardTestApplication.ACTOR, List.of(arg),
					Map.of(), Map.of("max_retries", 0)));
			ids.add(message.messageId());
			// one at a time, so that the dead letters are in the order sent
			long expected = ++dead;
			await().atMost(TIMEOUT).until(() -> this.broker.queueCounts(queue()).dead() == expected);
		}
		return ids;
	}

	static WebDriverWait wait(WebDriver driver) {
		return new WebDriverWait(driver, TIMEOUT);
	}

	static WebElement waitFor(By by) {
		return wait(browser).until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	static void awaitText(By by, String text) {
		wait(browser).until(ExpectedConditions.textToBe(by, text));
	}

	static void awaitContains(By by, String text) {
		wait(browser).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
	}

}
