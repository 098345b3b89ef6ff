package io.dramatiq.broker;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a broker outage may log and how consumers retry, shared by the outage tests of the
 * brokers: one warning per consumer naming the server, one line when it is back, no stack
 * trace above DEBUG, and reconnection attempts spaced by a doubling delay.
 */
public final class OutageAssertions {

	private OutageAssertions() {
	}

	/**
	 * Assert what was logged from the start of an outage until every consumer was back.
	 * @param events the events of {@code io.dramatiq} during the outage and the recovery
	 * @param queues the consumed queues (delay queues included)
	 * @param address how the warnings name the server, such as {@code 127.0.0.1:6379}
	 */
	public static void assertLoggedOncePerConsumer(List<ILoggingEvent> events, List<String> queues, String address) {
		List<String> lines = events.stream().map(LogEvents::line).toList();
		for (String queue : queues) {
			String consumer = "Consumer of queue '" + queue + "' ";
			assertThat(lines).as("warnings of the consumer of '%s'", queue)
				.filteredOn((line) -> line.startsWith("WARN") && line.contains(consumer))
				.singleElement()
				.asString()
				.contains("lost its connection")
				.contains(address);
			assertThat(lines).as("recoveries of the consumer of '%s'", queue)
				.filteredOn((line) -> line.startsWith("INFO") && line.contains(consumer))
				.singleElement()
				.asString()
				.contains("is connected again");
		}
		assertThat(events).as("errors").noneMatch((event) -> event.getLevel() == Level.ERROR);
		assertThat(events).as("stack traces above DEBUG")
			.noneMatch((event) -> event.getLevel().isGreaterOrEqual(Level.INFO) && event.getThrowableProxy() != null);
		Map<String, Long> warningsPerLogger = events.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.filter((event) -> queues.stream()
				.noneMatch((queue) -> event.getFormattedMessage().startsWith("Consumer of queue '" + queue + "' ")))
			.collect(Collectors.groupingBy(ILoggingEvent::getLoggerName, Collectors.counting()));
		assertThat(warningsPerLogger).as("other warnings, per logger").allSatisfy((logger, count) -> {
			assertThat(count).as(logger).isOne();
		});
	}

	/**
	 * Assert that attempts to reconnect were spaced by a wait that doubles up to a
	 * maximum, by its lower bounds only (a busy machine may make them later, never
	 * earlier).
	 * @param attemptNanos when the attempts started, from {@link System#nanoTime()}
	 * @param firstWaitMillis the least wait between the first two attempts
	 * @param maxWaitMillis the maximum restart delay
	 */
	public static void assertBackoff(List<Long> attemptNanos, long firstWaitMillis, long maxWaitMillis) {
		for (int i = 0; i + 1 < attemptNanos.size(); i++) {
			long gap = TimeUnit.NANOSECONDS.toMillis(attemptNanos.get(i + 1) - attemptNanos.get(i));
			long expected = Math.min(firstWaitMillis << i, maxWaitMillis);
			assertThat(gap).as("wait before attempt %d (ms)", i + 2).isGreaterThanOrEqualTo(expected - 5);
		}
	}

}
