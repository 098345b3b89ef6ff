package io.dramatiq.spring.boot.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The dashboard's HTML page and its script and style sheet, shipped in the jar under
 * {@value #LOCATION} and read once. Every page is the same HTML, told by attributes of
 * its body which view to draw; the script fetches the data from the JSON API. Nothing
 * comes from a CDN.
 */
final class DashboardPages {

	static final String LOCATION = "META-INF/dramatiq-dashboard/";

	private static final Map<String, String> ASSETS = Map.of("app.js", "text/javascript;charset=UTF-8", "style.css",
			"text/css;charset=UTF-8");

	private final String index;

	private final Map<String, byte[]> assets;

	DashboardPages() {
		this.index = new String(read("index.html"), StandardCharsets.UTF_8);
		this.assets = Map.of("app.js", read("app.js"), "style.css", read("style.css"));
	}

	/**
	 * Return a page.
	 * @param status the HTTP status
	 * @param base the dashboard's path, such as {@code /dramatiq}
	 * @param view the view to draw: {@code queues}, {@code actors}, {@code dead-letters},
	 * {@code workers}, {@code failures}, {@code schedules}, {@code message} or
	 * {@code not-found}
	 * @param subject the queue name or message id the view is about, or empty
	 * @param refreshMillis how often the queues view refreshes
	 * @return the page
	 */
	DashboardResponse page(int status, String base, String view, String subject, long refreshMillis) {
		String html = this.index.replace("{{base}}", escape(base))
			.replace("{{view}}", escape(view))
			.replace("{{subject}}", escape(subject))
			.replace("{{refresh}}", Long.toString(refreshMillis));
		return new DashboardResponse(status, DashboardResponse.HTML, html.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Return an asset, or {@code null} when there is none of that name.
	 * @param name the file name, such as {@code app.js}
	 * @return the asset
	 */
	DashboardResponse asset(String name) {
		byte[] body = this.assets.get(name);
		return (body != null) ? new DashboardResponse(200, ASSETS.get(name), body) : null;
	}

	static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

	private static byte[] read(String name) {
		try (InputStream in = DashboardPages.class.getClassLoader().getResourceAsStream(LOCATION + name)) {
			if (in == null) {
				throw new IllegalStateException("Dashboard file '" + LOCATION + name + "' is missing from the jar.");
			}
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read dashboard file '" + LOCATION + name + "'.", ex);
		}
	}

}
