package io.dramatiq.spring.boot.dashboard;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Routes the dashboard's path to its {@link DashboardHandler} in a Spring MVC
 * application, a functional endpoint beside the application's own controllers.
 */
public final class WebMvcDashboardRoutes {

	private WebMvcDashboardRoutes() {
	}

	/**
	 * Return the routes of the dashboard.
	 * @param handler the handler
	 * @return the routes
	 */
	public static RouterFunction<ServerResponse> routes(DashboardHandler handler) {
		return RouterFunctions.route(
				RequestPredicates.path(handler.base()).or(RequestPredicates.path(handler.base() + "/**")),
				(request) -> answer(handler, request));
	}

	private static ServerResponse answer(DashboardHandler handler, ServerRequest request) throws Exception {
		String method = request.method().name();
		byte[] body = ("GET".equals(method) || "HEAD".equals(method)) ? new byte[0] : request.body(byte[].class);
		Map<String, String> query = new LinkedHashMap<>();
		request.params().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
		DashboardResponse response = handler.handle(method, request.requestPath().contextPath().value(),
				request.requestPath().pathWithinApplication().value(), query, body, new ServletCaller(request));
		return ServerResponse.status(response.status())
			.contentType(MediaType.parseMediaType(response.contentType()))
			.header("Cache-Control", "no-store")
			.body(response.body());
	}

	private record ServletCaller(ServerRequest request) implements SecurityContext {

		@Override
		public @Nullable Principal getPrincipal() {
			return this.request.principal().orElse(null);
		}

		@Override
		public boolean isUserInRole(String role) {
			return this.request.servletRequest().isUserInRole(role);
		}

	}

}
