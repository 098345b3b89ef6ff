package io.dramatiq.spring.boot.dashboard;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Routes the dashboard's path to its {@link DashboardHandler} in a WebFlux application.
 * The handler asks the broker, which blocks, so it runs on Reactor's bounded elastic
 * scheduler and never on an event loop. Roles come from a Spring Security
 * {@code Authentication}, when Spring Security is there.
 */
public final class WebFluxDashboardRoutes {

	private static final boolean SECURITY_PRESENT = ClassUtils
		.isPresent("org.springframework.security.core.Authentication", WebFluxDashboardRoutes.class.getClassLoader());

	private WebFluxDashboardRoutes() {
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

	private static Mono<ServerResponse> answer(DashboardHandler handler, ServerRequest request) {
		String method = request.method().name();
		Map<String, String> query = new LinkedHashMap<>();
		request.queryParams().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
		Mono<byte[]> body = request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]);
		Mono<Optional<Principal>> principal = request.principal()
			.map((found) -> Optional.<Principal>of(found))
			.defaultIfEmpty(Optional.empty());
		return Mono.zip(body, principal)
			.publishOn(Schedulers.boundedElastic())
			.map((both) -> handler.handle(method, request.requestPath().contextPath().value(),
					request.requestPath().pathWithinApplication().value(), query, both.getT1(),
					new ReactiveCaller(both.getT2().orElse(null))))
			.flatMap((response) -> ServerResponse.status(response.status())
				.contentType(MediaType.parseMediaType(response.contentType()))
				.header("Cache-Control", "no-store")
				.bodyValue(response.body()));
	}

	private record ReactiveCaller(@Nullable Principal principal) implements SecurityContext {

		@Override
		public @Nullable Principal getPrincipal() {
			return this.principal;
		}

		@Override
		public boolean isUserInRole(String role) {
			return SECURITY_PRESENT && Roles.has(this.principal, role);
		}

	}

	private static final class Roles {

		static boolean has(@Nullable Principal principal, String role) {
			if (!(principal instanceof Authentication authentication)) {
				return false;
			}
			String prefixed = role.startsWith("ROLE_") ? role : "ROLE_" + role;
			return authentication.getAuthorities()
				.stream()
				.map(GrantedAuthority::getAuthority)
				.anyMatch((authority) -> role.equals(authority) || prefixed.equals(authority));
		}

	}

}
