package io.dramatiq.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The drain with several worker processes, as Python Dramatiq's
 * {@code dramatiq --processes 2 --threads 8}: {@code processes} JVMs running
 * {@link DrainProcess}, 8 worker threads each, on one queue. Each process first drains a
 * warm-up batch (so that its JIT compiled the consumer path, as the single-JVM figures
 * are taken warm), stops its worker, and the timed drain starts when the messages are
 * queued and every process was told to go; it ends when their runs add up to the count.
 */
final class MultiProcessDrain implements AutoCloseable {

	private final List<Child> children = new ArrayList<>();

	/**
	 * Start the processes and wait until each is connected.
	 * @param processes how many
	 * @param arguments the arguments of {@link DrainProcess}
	 */
	MultiProcessDrain(int processes, List<String> arguments) throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		for (int i = 0; i < processes; i++) {
			List<String> command = new ArrayList<>(
					List.of(java, "-cp", System.getProperty("java.class.path"), DrainProcess.class.getName()));
			command.addAll(arguments);
			this.children
				.add(new Child(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start()));
		}
		for (Child child : this.children) {
			child.await("ready");
		}
	}

	/**
	 * Let every process's worker run until their runs add up to {@code count}, then stop
	 * the workers.
	 * @param count the messages queued for them
	 * @return messages per second, from the go to the last run
	 */
	double drain(long count) throws Exception {
		long before = ran();
		long start = System.nanoTime();
		for (Child child : this.children) {
			child.send("go");
		}
		long deadline = start + TimeUnit.SECONDS.toNanos(Bench.TIME_LIMIT_SECONDS * 3);
		while (ran() - before < count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The worker processes ran " + (ran() - before) + " of " + count
						+ " messages within " + Bench.TIME_LIMIT_SECONDS * 3 + " s.");
			}
			TimeUnit.MILLISECONDS.sleep(1);
		}
		double rate = count / Bench.seconds(System.nanoTime() - start);
		for (Child child : this.children) {
			child.send("stop");
			child.await("stopped");
		}
		return rate;
	}

	private long ran() {
		long total = 0;
		for (Child child : this.children) {
			total += child.ran.get();
		}
		return total;
	}

	@Override
	public void close() throws Exception {
		for (Child child : this.children) {
			child.send("quit");
		}
		for (Child child : this.children) {
			if (!child.process.waitFor(30, TimeUnit.SECONDS)) {
				child.process.destroyForcibly();
			}
		}
	}

	/** One worker process, its commands and what it prints. */
	private static final class Child {

		final Process process;

		final PrintWriter commands;

		final AtomicLong ran = new AtomicLong();

		final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

		Child(Process process) {
			this.process = process;
			this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
			Thread reader = new Thread(this::read, "drain-process-" + process.pid());
			reader.setDaemon(true);
			reader.start();
		}

		private void read() {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.startsWith("ran ")) {
						this.ran.set(Long.parseLong(line.substring(4)));
					}
					else {
						this.answers.add(line);
					}
				}
			}
			catch (IOException ex) {
				this.answers.add("failed: " + ex.getMessage());
			}
		}

		void send(String command) {
			this.commands.println(command);
		}

		void await(String answer) throws InterruptedException {
			String line = this.answers.poll(60, TimeUnit.SECONDS);
			if (!answer.equals(line)) {
				throw new IllegalStateException(
						"Worker process " + this.process.pid() + " answered " + line + " instead of " + answer + ".");
			}
		}

	}

}
