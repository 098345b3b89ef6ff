package io.dramatiq.broker.redis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.dramatiq.broker.BrokerAvailability;
import io.dramatiq.broker.Consumer;
import io.dramatiq.message.JsonMessageEncoder;
import io.dramatiq.message.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every script call as the server sees it (checklist C32): {@code KEYS = [namespace]} and
 * {@code ARGV} in the order of spec 4.3, maintenance never drawn for ack and nack. Calls
 * go through {@code EVALSHA}, with {@code EVAL} once when the server answers
 * {@code NOSCRIPT}. {@code MONITOR} shows every client's commands, so this test starts a
 * Redis of its own on a free port and stops it afterwards.
 */
class RedisCommandShapeIntegrationTests {

	private static Process server;

	private static RedisTestSupport support;

	@BeforeAll
	static void startPrivateRedis() throws IOException {
		BrokerAvailability.assumeReachable(RedisTestSupport.HOST, RedisTestSupport.PORT, "Redis",
				"install redis-server (the test starts its own on a free port)");
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		server = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", RedisTestSupport.HOST,
				"--save", "", "--appendonly", "no")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		int privatePort = port;
		await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
			try (Socket socket = new Socket(RedisTestSupport.HOST, privatePort)) {
				return true;
			}
		});
		support = RedisTestSupport.connect(port);
	}

	@AfterAll
	static void stopPrivateRedis() throws InterruptedException {
		if (support != null) {
			support.close();
		}
		if (server != null) {
			server.destroy();
			server.waitFor(20, TimeUnit.SECONDS);
		}
	}

	@Test
	void everyCommandPassesTheNamespaceAsOnlyKeyAndArgumentsInPythonsOrder() throws Exception {
		List<List<String>> calls = new CopyOnWriteArrayList<>();
		RedisBrokerOptions options = RedisBrokerOptions.defaults()
			.withNamespace("shape")
			.withMaintenanceChance(1_000_000);
		try (Socket monitor = monitor(calls)) {
			RedisBroker broker = new RedisBroker(support.connectionFactory(), new JsonMessageEncoder(), options);
			long before = System.currentTimeMillis();
			for (int i = 0; i < 3; i++) {
				broker.enqueue(Message.create("default", "f", List.of(i), Map.of(), Map.of()));
			}
			Consumer consumer = broker.consume("default", 3, Duration.ofMillis(100));
			consumer.ack(consumer.next());
			consumer.nack(consumer.next(), null);
			consumer.next();
			consumer.close();
			broker.flush("default");
			broker.join("default", Duration.ofSeconds(10));
			broker.close();
			long after = System.currentTimeMillis();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> calls.stream()
					.anyMatch((call) -> call.get(4).equals("purge") && call.get(6).endsWith(".DQ")));
			for (List<String> call : calls) {
				assertThat(call.get(2)).as("number of keys").isEqualTo("1");
				assertThat(call.get(3)).as("the only key").isEqualTo("shape");
				assertThat(Long.parseLong(call.get(5))).as("timestamp").isBetween(before, after);
				assertThat(call.get(6)).as("queue").isIn("default", "default.DQ");
				assertThat(call.subList(7, 12)).containsExactly(options.brokerId(), "60000", "604800000",
						Set.of("ack", "nack").contains(call.get(4)) ? "0" : "1", "3996");
			}
			// a fresh server does not know the script: EVALSHA, NOSCRIPT, then EVAL once
			assertThat(calls.get(0).get(0)).isEqualToIgnoringCase("evalsha");
			assertThat(calls.get(1).get(0)).isEqualToIgnoringCase("eval");
			assertThat(calls.get(1).subList(2, 12)).isEqualTo(calls.get(0).subList(2, 12));
			assertThat(calls.subList(2, calls.size()))
				.allSatisfy((call) -> assertThat(call.get(0)).isEqualToIgnoringCase("evalsha"));
			assertThat(calls.stream().map((call) -> call.get(4)).distinct()).containsExactlyInAnyOrder("enqueue",
					"fetch", "ack", "nack", "requeue", "qsize", "purge");
		}
	}

	/**
	 * Open a {@code MONITOR} connection and collect the arguments of every script call.
	 */
	private static Socket monitor(List<List<String>> calls) throws Exception {
		Socket socket = new Socket(RedisTestSupport.HOST, support.connectionFactory().getPort());
		OutputStream out = socket.getOutputStream();
		out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
		out.flush();
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
		assertThat(reader.readLine()).isEqualTo("+OK");
		Thread thread = new Thread(() -> {
			try {
				String line;
				while ((line = reader.readLine()) != null) {
					List<String> arguments = arguments(line);
					if (!arguments.isEmpty() && arguments.get(0).matches("(?i)evalsha|eval")) {
						calls.add(arguments);
					}
				}
			}
			catch (IOException ex) {
				// closed at the end of the test
			}
		}, "redis-monitor");
		thread.setDaemon(true);
		thread.start();
		return socket;
	}

	/**
	 * Split a {@code MONITOR} line into its quoted arguments, escapes left as they are.
	 */
	private static List<String> arguments(String line) {
		List<String> arguments = new ArrayList<>();
		StringBuilder current = null;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (current == null) {
				if (c == '"') {
					current = new StringBuilder();
				}
			}
			else if (c == '\\' && i + 1 < line.length()) {
				current.append(c).append(line.charAt(++i));
			}
			else if (c == '"') {
				arguments.add(current.toString());
				current = null;
			}
			else {
				current.append(c);
			}
		}
		return arguments;
	}

}
