package io.dramatiq.spring.boot.dashboard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.SecurityContext;

/**
 * Answers every request under the dashboard's path, for Spring MVC and WebFlux alike:
 * <ul>
 * <li>pages: {@code <path>} (queues), {@code <path>/actors},
 * {@code <path>/queues/{queue}} (its dead letters; 404 for an unknown queue),
 * {@code <path>/workers}, {@code <path>/failures}, {@code <path>/schedules} and
 * {@code <path>/messages/{id}};</li>
 * <li>{@code <path>/assets/app.js} and {@code <path>/assets/style.css};</li>
 * <li>the JSON API: {@code GET <path>/api/overview}, {@code /api/actors},
 * {@code /api/queues/{queue}/dead-letters?offset=&limit=}, {@code /api/workers},
 * {@code /api/failures}, {@code /api/schedules} and {@code /api/messages/{id}};
 * {@code POST /api/queues/{queue}/requeue} with {@code {"messageId": "…"}}, {@code POST
 * /api/queues/{queue}/requeue-all}, {@code DELETE /api/queues/{queue}/dead-letters} and
 * {@code POST /api/messages/{id}/abort} with {@code {"mode": "abort"}} or {@code {"mode":
 * "cancel"}}.</li>
 * </ul>
 * Errors answer {@code {"status": …, "error": "…"}} with a message for the operator,
 * never a stack trace.
 */
public class DashboardHandler {

	private static final Logger logger = LoggerFactory.getLogger(DashboardHandler.class);

	private static final Set<String> PAGES = Set.of("actors", "workers", "failures", "schedules");

	private static final String GET = "GET";

	private static final String POST = "POST";

	private static final String DELETE = "DELETE";

	private final DramatiqDashboard dashboard;

	private final String base;

	private final JsonMapper json;

	private final long refreshMillis;

	private final DashboardPages pages = new DashboardPages();

	/**
	 * Create the handler.
	 * @param dashboard the dashboard
	 * @param base the dashboard's path, such as {@code /dramatiq}
	 * @param json the mapper that writes the API's answers
	 * @param refreshMillis how often the queues page refreshes
	 */
	public DashboardHandler(DramatiqDashboard dashboard, String base, JsonMapper json, long refreshMillis) {
		this.dashboard = Objects.requireNonNull(dashboard, "'dashboard' must not be null");
		this.base = Objects.requireNonNull(base, "'base' must not be null");
		this.json = Objects.requireNonNull(json, "'json' must not be null");
		this.refreshMillis = refreshMillis;
	}

	/**
	 * Return the dashboard's path.
	 * @return the path, such as {@code /dramatiq}
	 */
	public String base() {
		return this.base;
	}

	/**
	 * Answer a request.
	 * @param method the HTTP method
	 * @param path the request path within the application (after the context path)
	 * @param query the query parameters, first value of each
	 * @param body the request body, empty when there is none
	 * @param caller who asks
	 * @return the answer
	 */
	public DashboardResponse handle(String method, String path, Map<String, String> query, byte[] body,
			SecurityContext caller) {
		return handle(method, "", path, query, body, caller);
	}

	/**
	 * Answer a request to an application with a context path.
	 * @param method the HTTP method
	 * @param contextPath the application's context path, such as {@code /app}, or empty
	 * @param path the request path within the application (after the context path)
	 * @param query the query parameters, first value of each
	 * @param body the request body, empty when there is none
	 * @param caller who asks
	 * @return the answer
	 */
	public DashboardResponse handle(String method, String contextPath, String path, Map<String, String> query,
			byte[] body, SecurityContext caller) {
		// the links of the pages go through the context path
		String pageBase = contextPath + this.base;
		String relative = path.startsWith(this.base) ? path.substring(this.base.length()) : path;
		List<String> segments = segments(relative);
		boolean api = !segments.isEmpty() && "api".equals(segments.get(0));
		try {
			if (api) {
				return json(200, api(method, segments.subList(1, segments.size()), query, body, caller));
			}
			return page(method, segments, pageBase);
		}
		catch (DashboardException ex) {
			return api ? error(ex.getStatus(), ex.getMessage())
					: this.pages.page(ex.getStatus(), pageBase, "error", ex.getMessage(), this.refreshMillis);
		}
		catch (RuntimeException ex) {
			logger.error("Dramatiq dashboard failed to answer {} {}.", method, path, ex);
			String message = "The dashboard failed to answer: " + ex.getClass().getSimpleName()
					+ ". See the application's log.";
			return api ? error(500, message) : this.pages.page(500, pageBase, "error", message, this.refreshMillis);
		}
	}

	private DashboardResponse page(String method, List<String> segments, String pageBase) {
		if (!GET.equals(method)) {
			throw new DashboardException(405, "The dashboard's pages only answer GET.");
		}
		if (segments.isEmpty()) {
			return this.pages.page(200, pageBase, "queues", "", this.refreshMillis);
		}
		String first = segments.get(0);
		if (segments.size() == 1 && PAGES.contains(first)) {
			return this.pages.page(200, pageBase, first, "", this.refreshMillis);
		}
		if (segments.size() == 2 && "assets".equals(first)) {
			DashboardResponse asset = this.pages.asset(segments.get(1));
			if (asset != null) {
				return asset;
			}
		}
		if (segments.size() == 2 && "queues".equals(first)) {
			String queue = segments.get(1);
			if (!this.dashboard.hasQueue(queue)) {
				throw new DashboardException(404, "Queue '" + queue + "' was never declared on this broker.");
			}
			return this.pages.page(200, pageBase, "dead-letters", queue, this.refreshMillis);
		}
		if (segments.size() == 2 && "messages".equals(first)) {
			return this.pages.page(200, pageBase, "message", segments.get(1), this.refreshMillis);
		}
		throw new DashboardException(404,
				"There is no dashboard page at '" + this.base + "/" + String.join("/", segments) + "'.");
	}

	private Object api(String method, List<String> segments, Map<String, String> query, byte[] body,
			SecurityContext caller) {
		String route = method + " " + ((segments.isEmpty()) ? "" : segments.get(0)) + "/" + segments.size();
		switch (route) {
			case "GET overview/1":
				return this.dashboard.overview();
			case "GET actors/1":
				return this.dashboard.actors();
			case "GET workers/1":
				return this.dashboard.workers();
			case "GET failures/1":
				return this.dashboard.failures(caller);
			case "GET schedules/1":
				return this.dashboard.schedules();
			case "GET messages/2":
				return this.dashboard.message(segments.get(1), caller);
			default:
		}
		if (segments.size() == 3 && "messages".equals(segments.get(0)) && "abort".equals(segments.get(2))
				&& POST.equals(method)) {
			return this.dashboard.abort(segments.get(1), abortMode(body));
		}
		if (segments.size() == 3 && "queues".equals(segments.get(0))) {
			String queue = segments.get(1);
			String action = method + " " + segments.get(2);
			switch (action) {
				case "GET dead-letters":
					return this.dashboard.deadLetters(queue, number(query, "offset", 0),
							number(query, "limit", DramatiqDashboard.DEFAULT_LIMIT), caller);
				case "POST requeue":
					return this.dashboard.requeue(queue, messageId(body));
				case "POST requeue-all":
					return this.dashboard.requeueAll(queue);
				case "DELETE dead-letters":
					return this.dashboard.purge(queue);
				default:
			}
		}
		if (POST.equals(method) || DELETE.equals(method)) {
			// a write the API does not have says so, whatever the access
			throw new DashboardException(404,
					"The dashboard has no operation " + method + " " + String.join("/", segments) + ".");
		}
		throw new DashboardException(404, "The dashboard's API has nothing at '" + String.join("/", segments) + "'.");
	}

	private String messageId(byte[] body) {
		try {
			Object id = (body.length > 0) ? this.json.readValue(body, Map.class).get("messageId") : null;
			if (id instanceof String text && !text.isBlank()) {
				return text;
			}
		}
		catch (JacksonException ex) {
			// answered below
		}
		throw new DashboardException(400, "Send the dead letter to requeue as {\"messageId\": \"…\"}.");
	}

	private String abortMode(byte[] body) {
		if (body.length == 0) {
			return "abort";
		}
		try {
			Object mode = this.json.readValue(body, Map.class).get("mode");
			if (mode == null) {
				return "abort";
			}
			if (mode instanceof String text) {
				return text;
			}
		}
		catch (JacksonException ex) {
			// answered below
		}
		throw new DashboardException(400, "Send the abort request as {\"mode\": \"abort\"} or {\"mode\": \"cancel\"}.");
	}

	private static int number(Map<String, String> query, String name, int fallback) {
		String value = query.get(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new DashboardException(400, "Parameter '" + name + "' must be a number but was '" + value + "'.");
		}
	}

	private static List<String> segments(String path) {
		return java.util.Arrays.stream(path.split("/"))
			.filter((segment) -> !segment.isEmpty())
			.map((segment) -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8))
			.toList();
	}

	private DashboardResponse json(int status, Object body) {
		return new DashboardResponse(status, DashboardResponse.JSON, this.json.writeValueAsBytes(body));
	}

	private DashboardResponse error(int status, String message) {
		return json(status, Map.of("status", status, "error", message));
	}

}
