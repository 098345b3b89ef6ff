package io.dramatiq.spring.boot.dashboard;

import java.nio.charset.StandardCharsets;

/**
 * An answer of the dashboard, ready for Spring MVC or WebFlux to write.
 *
 * @param status the HTTP status
 * @param contentType the content type
 * @param body the bytes of the body
 */
public record DashboardResponse(int status, String contentType, byte[] body) {

	/** The content type of the API's answers. */
	public static final String JSON = "application/json";

	/** The content type of the pages. */
	public static final String HTML = "text/html;charset=UTF-8";

	/**
	 * Return the body as text, for tests and logs.
	 * @return the body
	 */
	public String text() {
		return new String(this.body, StandardCharsets.UTF_8);
	}

}
