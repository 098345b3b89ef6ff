package io.dramatiq.broker;

import java.util.List;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

/**
 * Captures the log events of a logger and its children during a test (every logger with
 * {@link #all()}), whatever the console shows; {@link #debug(String)} lowers a logger's
 * level for the test and {@link #close()} restores it.
 */
public final class LogEvents implements AutoCloseable {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger logger;

	private Logger lowered;

	private Level loweredFrom;

	private LogEvents(String name) {
		this.logger = (Logger) LoggerFactory.getLogger(name);
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	/**
	 * Capture every logger's events.
	 * @return the capture
	 */
	public static LogEvents all() {
		return new LogEvents(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}

	/**
	 * Capture the events of a logger and its children.
	 * @param name the logger's name, such as {@code io.dramatiq}
	 * @return the capture
	 */
	public static LogEvents of(String name) {
		return new LogEvents(name);
	}

	/**
	 * Log a logger at DEBUG until {@link #close()}.
	 * @param name the logger's name
	 * @return this capture
	 */
	public LogEvents debug(String name) {
		this.lowered = (Logger) LoggerFactory.getLogger(name);
		this.loweredFrom = this.lowered.getLevel();
		this.lowered.setLevel(Level.DEBUG);
		return this;
	}

	/**
	 * Return the events so far.
	 * @return the events, oldest first
	 */
	public List<ILoggingEvent> events() {
		synchronized (this.appender) {
			return List.copyOf(this.appender.list);
		}
	}

	/**
	 * Return the events so far that match.
	 * @param filter which events
	 * @return the events, oldest first
	 */
	public List<ILoggingEvent> events(Predicate<ILoggingEvent> filter) {
		return events().stream().filter(filter).toList();
	}

	/**
	 * Return the events so far as "LEVEL logger - message" lines, with the exception's
	 * class and message after them when there is one.
	 * @return the lines
	 */
	public List<String> lines() {
		return events().stream().map(LogEvents::line).toList();
	}

	/**
	 * Return an event as a line, its exception's chain included.
	 * @param event the event
	 * @return "LEVEL logger - message [exception: message; cause: message ...]"
	 */
	public static String line(ILoggingEvent event) {
		StringBuilder line = new StringBuilder().append(event.getLevel())
			.append(' ')
			.append(event.getLoggerName())
			.append(" - ")
			.append(event.getFormattedMessage());
		for (var thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
			line.append(" [").append(thrown.getClassName()).append(": ").append(thrown.getMessage()).append(']');
		}
		return line.toString();
	}

	/**
	 * Stop capturing and restore the level changed by {@link #debug(String)}.
	 */
	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.appender.stop();
		if (this.lowered != null) {
			this.lowered.setLevel(this.loweredFrom);
		}
	}

}
