package io.dramatiq.spring.boot.dashboard;

import io.dramatiq.DramatiqException;

/**
 * A dashboard request that cannot be served, with the HTTP status to answer and a message
 * for the operator: an unknown queue (404), a write without write access (403), a bad
 * page (400) or a broker that does not answer (503).
 */
public class DashboardException extends DramatiqException {

	private final int status;

	/**
	 * Create the exception.
	 * @param status the HTTP status
	 * @param message what went wrong and how to fix it
	 */
	public DashboardException(int status, String message) {
		super(message);
		this.status = status;
	}

	/**
	 * Return the HTTP status to answer.
	 * @return the status
	 */
	public int getStatus() {
		return this.status;
	}

}
