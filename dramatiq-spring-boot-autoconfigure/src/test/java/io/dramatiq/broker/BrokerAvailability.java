package io.dramatiq.broker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Skips integration tests when their server does not answer, and fails them instead when
 * {@code CI=true}: a skip in CI would hide a broken install step.
 */
public final class BrokerAvailability {

	private BrokerAvailability() {
	}

	/**
	 * Skip (or, on CI, fail) unless a TCP server answers.
	 * @param host the host
	 * @param port the port
	 * @param name the server's name, for the reason
	 * @param howToStart how to start it, for the reason
	 */
	public static void assumeReachable(String host, int port, String name, String howToStart) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 2000);
		}
		catch (IOException ex) {
			String reason = name + " does not answer on " + host + ":" + port + " (" + ex.getMessage() + "). Start it: "
					+ howToStart;
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(reason);
			}
			Assumptions.abort(reason);
		}
	}

}
