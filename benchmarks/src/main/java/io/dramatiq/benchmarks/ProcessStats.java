package io.dramatiq.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM and of the broker server, and this JVM's context switches, read
 * from {@code /proc} (Linux) around a phase, to tell what a message costs each side
 * rather than only how fast they went together. The server is found by its process name
 * ({@code beam.smp} for RabbitMQ, {@code redis-server} on port 6379 for Redis); it must
 * run on this machine and be readable, else its figure is {@code NaN}.
 */
final class ProcessStats {

	private static final double CLOCK_TICKS_PER_SECOND = 100;

	private final long serverPid;

	private ProcessStats(long serverPid) {
		this.serverPid = serverPid;
	}

	/**
	 * Stats for a server process.
	 * @param name its process name ({@code /proc/<pid>/comm})
	 * @param commandLinePart a part its command line must contain, or {@code ""}
	 * @return the stats, with no server if none was found
	 */
	static ProcessStats forServer(String name, String commandLinePart) {
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			return new ProcessStats(
					processes.filter((p) -> p.getFileName().toString().chars().allMatch(Character::isDigit))
						.filter((p) -> name.equals(read(p.resolve("comm")).trim()))
						.filter((p) -> read(p.resolve("cmdline")).contains(commandLinePart))
						.mapToLong((p) -> Long.parseLong(p.getFileName().toString()))
						.findFirst()
						.orElse(-1));
		}
		catch (IOException | RuntimeException ex) {
			return new ProcessStats(-1);
		}
	}

	/** Stats without a server: the server's figures are {@code NaN}. */
	static ProcessStats jvmOnly() {
		return new ProcessStats(-1);
	}

	/**
	 * Take a reading now.
	 * @return the reading
	 */
	Reading read() {
		return new Reading(jvmCpuNanos(), serverCpuNanos(), contextSwitches());
	}

	private static long jvmCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private long serverCpuNanos() {
		if (this.serverPid < 0) {
			return -1;
		}
		String stat = read(Path.of("/proc", String.valueOf(this.serverPid), "stat"));
		if (stat.isEmpty()) {
			return -1;
		}
		// fields after the command name in parentheses: utime and stime are the 12th and
		// 13th
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		return (long) (ticks * 1e9 / CLOCK_TICKS_PER_SECOND);
	}

	/**
	 * Voluntary and involuntary context switches of each live thread of this JVM, by
	 * thread id.
	 */
	private static Map<String, Long> contextSwitches() {
		Map<String, Long> switches = new HashMap<>();
		try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
			for (Path thread : (Iterable<Path>) threads::iterator) {
				long total = 0;
				for (String line : lines(thread.resolve("status"))) {
					if (line.contains("ctxt_switches:")) {
						total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
					}
				}
				switches.put(thread.getFileName().toString(), total);
			}
		}
		catch (IOException ex) {
			return Map.of();
		}
		return switches;
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static List<String> lines(Path path) {
		try {
			return Files.readAllLines(path);
		}
		catch (IOException ex) {
			// a thread that ended meanwhile
			return List.of();
		}
	}

	/**
	 * One reading; {@link #perMessage} turns two into costs per message.
	 */
	record Reading(long jvmCpuNanos, long serverCpuNanos, Map<String, Long> contextSwitches) {

		/**
		 * Costs per message between an earlier reading and this one.
		 * @param earlier the reading taken at the start of the phase
		 * @param messages the messages of the phase
		 * @return JVM and server CPU in microseconds and JVM context switches, per
		 * message
		 */
		Cost perMessage(Reading earlier, long messages) {
			double server = (this.serverCpuNanos < 0 || earlier.serverCpuNanos < 0) ? Double.NaN
					: (this.serverCpuNanos - earlier.serverCpuNanos) / 1e3 / messages;
			long switches = 0;
			for (Map.Entry<String, Long> thread : this.contextSwitches.entrySet()) {
				switches += thread.getValue() - earlier.contextSwitches.getOrDefault(thread.getKey(), 0L);
			}
			return new Cost((this.jvmCpuNanos - earlier.jvmCpuNanos) / 1e3 / messages, server,
					(double) switches / messages);
		}

	}

	/**
	 * What a message cost.
	 *
	 * @param jvmMicros CPU of this JVM, in microseconds
	 * @param serverMicros CPU of the broker server (all its clients), in microseconds, or
	 * {@code NaN}
	 * @param contextSwitches context switches of this JVM's threads that were alive at
	 * the end (a thread that ended during the phase is not counted)
	 */
	record Cost(double jvmMicros, double serverMicros, double contextSwitches) {

		@Override
		public String toString() {
			String server = Double.isNaN(this.serverMicros) ? ""
					: String.format(", server %5.1f us", this.serverMicros);
			return String.format("JVM %5.1f us%s, %4.1f context switches per message", this.jvmMicros, server,
					this.contextSwitches);
		}

	}

}
