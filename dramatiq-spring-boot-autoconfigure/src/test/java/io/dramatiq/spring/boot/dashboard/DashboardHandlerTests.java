package io.dramatiq.spring.boot.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dramatiq.abort.Abortable;
import io.dramatiq.abort.StubEventBackend;
import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.middleware.MessageHistory;
import io.dramatiq.schedule.FixedRateTrigger;
import io.dramatiq.schedule.MissedTicks;
import io.dramatiq.schedule.Schedule;
import io.dramatiq.schedule.ScheduleState;
import io.dramatiq.spring.boot.actuate.ActorDescriptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DashboardHandler} without a server: pages and API answers, their
 * statuses, and that nothing a request carries reaches a page unescaped.
 */
class DashboardHandlerTests {

	private final StubBroker broker = new StubBroker();

	private final StubEventBackend events = new StubEventBackend();

	private DashboardHandler handler(boolean writable) {
		return new DashboardHandler(dashboard(writable), "/dramatiq", JsonMapper.builder().build(), 2000);
	}

	private DramatiqDashboard dashboard(boolean writable) {
		this.broker.declareQueue("emails");
		return new DramatiqDashboard(this.broker, new ActorDescriptions(this.broker, (name) -> null, null),
				new MessageHistory(10, 10, Clock.systemUTC()), new DashboardAccess(writable, Show.NEVER, Set.of()),
				(queue) -> MessageTotals.NONE, () -> null);
	}

	private DashboardResponse post(DashboardHandler handler, String path, String body) {
		return handler.handle("POST", path, Map.of(), body.getBytes(), SecurityContext.NONE);
	}

	private DashboardResponse get(DashboardHandler handler, String path) {
		return handler.handle("GET", path, Map.of(), new byte[0], SecurityContext.NONE);
	}

	@Test
	void pagesAreTheSameHtmlToldWhichViewToDraw() {
		DashboardResponse page = get(handler(false), "/dramatiq/queues/emails");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.contentType()).isEqualTo(DashboardResponse.HTML);
		assertThat(page.text()).contains("data-view=\"dead-letters\"")
			.contains("data-subject=\"emails\"")
			.contains("src=\"/dramatiq/assets/app.js\"")
			.doesNotContain("http://")
			.doesNotContain("https://");
	}

	@Test
	void linksOfThePagesGoThroughTheContextPath() {
		DashboardResponse page = handler(false).handle("GET", "/app", "/dramatiq/workers", Map.of(), new byte[0],
				SecurityContext.NONE);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.text()).contains("data-base=\"/app/dramatiq\"")
			.contains("src=\"/app/dramatiq/assets/app.js\"")
			.contains("data-view=\"workers\"");
	}

	@Test
	void whatTheAddressCarriesIsEscapedInThePage() {
		DashboardResponse page = get(handler(false), "/dramatiq/messages/%3Cscript%3Ealert(1)%3C%2Fscript%3E%22");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.text()).contains("data-subject=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;\"")
			.doesNotContain("<script>alert");
	}

	@Test
	void unknownQueueIsA404PageAndA404Answer() {
		DashboardHandler handler = handler(false);
		DashboardResponse page = get(handler, "/dramatiq/queues/%3Cb%3Enope");
		assertThat(page.status()).isEqualTo(404);
		assertThat(page.text()).contains("data-view=\"error\"")
			.contains("Queue &#39;&lt;b&gt;nope&#39; was never declared on this broker.");
		DashboardResponse api = get(handler, "/dramatiq/api/queues/nope/dead-letters");
		assertThat(api.status()).isEqualTo(404);
		assertThat(api.text()).contains("\"error\":\"Queue 'nope' was never declared on this broker.\"");
	}

	@Test
	void unknownPageIsA404() {
		assertThat(get(handler(false), "/dramatiq/nothing/here").status()).isEqualTo(404);
		assertThat(get(handler(false), "/dramatiq/assets/secret.properties").status()).isEqualTo(404);
		assertThat(get(handler(false), "/dramatiq/api/nothing").status()).isEqualTo(404);
	}

	@Test
	void assetsAreServedFromTheJar() {
		DashboardResponse script = get(handler(false), "/dramatiq/assets/app.js");
		assertThat(script.status()).isEqualTo(200);
		assertThat(script.contentType()).startsWith("text/javascript");
		assertThat(script.text()).contains("textContent").doesNotContain("innerHTML");
	}

	@Test
	void writesWithoutAccessAre403() {
		DashboardResponse answer = handler(false).handle("POST", "/dramatiq/api/queues/emails/requeue-all", Map.of(),
				new byte[0], SecurityContext.NONE);
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.text()).contains("You may not requeue dead letters: the dashboard is read-only.");
	}

	@Test
	void badPageIs400() {
		DashboardHandler handler = handler(true);
		DashboardResponse answer = handler.handle("GET", "/dramatiq/api/queues/emails/dead-letters",
				Map.of("offset", "-1"), new byte[0], SecurityContext.NONE);
		assertThat(answer.status()).isEqualTo(400);
		assertThat(handler
			.handle("GET", "/dramatiq/api/queues/emails/dead-letters", Map.of("limit", "ten"), new byte[0],
					SecurityContext.NONE)
			.text()).contains("Parameter 'limit' must be a number but was 'ten'.");
		assertThat(handler
			.handle("POST", "/dramatiq/api/queues/emails/requeue", Map.of(), "{}".getBytes(), SecurityContext.NONE)
			.status()).isEqualTo(400);
	}

	@Test
	void requeueOfAnUnknownMessageIs404() {
		DashboardResponse answer = handler(true).handle("POST", "/dramatiq/api/queues/emails/requeue", Map.of(),
				"{\"messageId\":\"nope\"}".getBytes(), SecurityContext.NONE);
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.text()).contains("Message nope is not in the dead-letter queue of 'emails'.");
	}

	@Test
	void schedulesListEachPeriodicActorWithItsNextAndLastRun() {
		DramatiqDashboard dashboard = dashboard(false);
		dashboard
			.setSchedules(() -> List.of(
					new ScheduleState(
							new Schedule("report", new FixedRateTrigger(Duration.ofHours(1)), null,
									MissedTicks.RUN_ONCE),
							Instant.parse("2026-01-01T11:00:00Z"), Instant.parse("2026-01-01T10:00:00Z")),
					new ScheduleState(new Schedule("cleanup", new FixedRateTrigger(Duration.ofMinutes(5)), null,
							MissedTicks.SKIP), null, null)));
		DashboardHandler handler = new DashboardHandler(dashboard, "/dramatiq", JsonMapper.builder().build(), 2000);
		assertThat(get(handler, "/dramatiq/schedules").text()).contains("data-view=\"schedules\"");
		DashboardResponse answer = get(handler, "/dramatiq/api/schedules");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text()).isEqualTo("{\"scheduler\":true,\"schedules\":["
				+ "{\"actor\":\"cleanup\",\"expression\":\"every 5m\",\"zone\":null,\"missedTicks\":\"skip\","
				+ "\"nextRun\":null,\"lastRun\":null},"
				+ "{\"actor\":\"report\",\"expression\":\"every 1h\",\"zone\":null,\"missedTicks\":\"run-once\","
				+ "\"nextRun\":\"2026-01-01T11:00:00Z\",\"lastRun\":\"2026-01-01T10:00:00Z\"}]}");
	}

	@Test
	void schedulesWithoutASchedulerSaySo() {
		assertThat(get(handler(false), "/dramatiq/api/schedules").text())
			.isEqualTo("{\"scheduler\":false,\"schedules\":[]}");
	}

	@Test
	void abortSignalsTheRequestInTheChosenMode() {
		DramatiqDashboard dashboard = dashboard(true);
		dashboard.setAbortable(new Abortable(this.events));
		DashboardHandler handler = new DashboardHandler(dashboard, "/dramatiq", JsonMapper.builder().build(), 2000);
		DashboardResponse answer = post(handler, "/dramatiq/api/messages/m-1/abort", "{\"mode\":\"cancel\"}");
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.text()).isEqualTo("{\"messageId\":\"m-1\",\"mode\":\"cancel\"}");
		assertThat(this.events.poll("cancel:m-1")).isPresent();
		assertThat(post(handler, "/dramatiq/api/messages/m-2/abort", "").text()).contains("\"mode\":\"abort\"");
		assertThat(this.events.poll("abort:m-2")).isPresent();
	}

	@Test
	void abortOfAnUnknownModeIs400() {
		DramatiqDashboard dashboard = dashboard(true);
		dashboard.setAbortable(new Abortable(this.events));
		DashboardHandler handler = new DashboardHandler(dashboard, "/dramatiq", JsonMapper.builder().build(), 2000);
		DashboardResponse answer = post(handler, "/dramatiq/api/messages/m-1/abort", "{\"mode\":\"kill\"}");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.text()).contains("Unknown mode 'kill'");
		assertThat(this.events.size()).isZero();
	}

	@Test
	void abortWhenAbortingIsOffSaysHowToTurnItOn() {
		DashboardResponse answer = post(handler(true), "/dramatiq/api/messages/m-1/abort", "{}");
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.text()).contains("Aborting messages is off. Set dramatiq.abort.enabled=true to turn it on.");
	}

	@Test
	void abortWithoutWriteAccessIs403() {
		DramatiqDashboard dashboard = dashboard(false);
		dashboard.setAbortable(new Abortable(this.events));
		DashboardHandler handler = new DashboardHandler(dashboard, "/dramatiq", JsonMapper.builder().build(), 2000);
		DashboardResponse answer = post(handler, "/dramatiq/api/messages/m-1/abort", "{}");
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.text()).contains("You may not abort messages: the dashboard is read-only.");
		assertThat(this.events.size()).isZero();
	}

}
