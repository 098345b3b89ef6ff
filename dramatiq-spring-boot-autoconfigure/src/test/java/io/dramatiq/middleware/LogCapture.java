package io.dramatiq.middleware;

import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures what Dramatiq logs during a test, as "LEVEL message" lines.
 */
final class LogCapture implements AutoCloseable {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger("io.dramatiq");

	LogCapture() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	List<String> lines() {
		synchronized (this.appender) {
			return this.appender.list.stream().map((e) -> e.getLevel() + " " + e.getFormattedMessage()).toList();
		}
	}

	List<String> messages(Level level) {
		synchronized (this.appender) {
			return this.appender.list.stream()
				.filter((e) -> e.getLevel() == level)
				.map(ILoggingEvent::getFormattedMessage)
				.toList();
		}
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.appender.stop();
	}

}
