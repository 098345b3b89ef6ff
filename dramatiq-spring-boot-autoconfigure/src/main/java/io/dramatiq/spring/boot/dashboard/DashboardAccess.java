package io.dramatiq.spring.boot.dashboard;

import java.util.Objects;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;

/**
 * Who may do what on the dashboard, by the rules of the {@code dramatiq} endpoint:
 * requeue and delete only when its access is unrestricted
 * ({@code management.endpoint.dramatiq.access}), and arguments and tracebacks shown as
 * its {@code show-values} and {@code roles} say.
 *
 * @param writable whether requeue and delete are allowed
 * @param showValues when arguments and tracebacks are shown
 * @param roles the roles that see them under {@link Show#WHEN_AUTHORIZED}; empty for any
 * authenticated user
 */
public record DashboardAccess(boolean writable, Show showValues, Set<String> roles) {

	/**
	 * Create the access rules.
	 * @param writable whether requeue and delete are allowed
	 * @param showValues when arguments and tracebacks are shown
	 * @param roles the roles that see them when authorized
	 */
	public DashboardAccess {
		Objects.requireNonNull(showValues, "'showValues' must not be null");
		roles = Set.copyOf(Objects.requireNonNull(roles, "'roles' must not be null"));
	}

	/**
	 * Return whether a caller sees arguments and tracebacks.
	 * @param caller the caller
	 * @return whether they are shown
	 */
	public boolean isShown(SecurityContext caller) {
		return this.showValues.isShown(caller, this.roles);
	}

}
