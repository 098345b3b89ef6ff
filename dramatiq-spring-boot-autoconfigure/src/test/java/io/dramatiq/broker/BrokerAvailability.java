package io.dramatiq.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips integration tests whose server does not answer, with a clear reason, and fails
 * them instead when the environment variable {@code CI} is {@code true}: in CI a missing
 * server is a broken install step, which a skip would hide.
 */
public final class BrokerAvailability {

	private static final int CONNECT_TIMEOUT_MILLIS = 1000;

	private BrokerAvailability() {
	}

	/**
	 * Skip (or fail in CI) unless a TCP server answers at the address.
	 * @param host the host
	 * @param port the port
	 * @param name the server's name, for the message (for example {@code RabbitMQ})
	 * @param howToStart how to start it, for the message (for example
	 * {@code rabbitmq-server -detached}), or {@code null}
	 */
	public static void assumeReachable(String host, int port, String name, String howToStart) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
		}
		catch (IOException ex) {
			String reason = name + " is not answering on " + host + ":" + port
					+ ((howToStart != null) ? "; start it with `" + howToStart + "`" : "");
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(reason + " (CI=true, so this is a failure rather than a skip)", ex);
			}
			Assumptions.abort(reason);
		}
	}

	/**
	 * Skip (or fail in CI) unless a TCP server answers at the address.
	 * @param host the host
	 * @param port the port
	 * @param name the server's name, for the message
	 */
	public static void assumeReachable(String host, int port, String name) {
		assumeReachable(host, port, name, null);
	}

}
