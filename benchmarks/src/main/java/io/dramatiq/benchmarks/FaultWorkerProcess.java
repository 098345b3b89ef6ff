package io.dramatiq.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link FaultWorker} child JVM: started, awaited until ready, killed with
 * {@code SIGKILL} or told to quit. Everything it prints goes to a log file, and the lines
 * that carry an {@code ERROR} are counted.
 */
final class FaultWorkerProcess implements AutoCloseable {

	private final Process process;

	private final PrintWriter commands;

	private final CountDownLatch ready = new CountDownLatch(1);

	private final AtomicLong errors = new AtomicLong();

	private final Path log;

	FaultWorkerProcess(List<String> arguments, Path log) throws IOException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		List<String> command = new ArrayList<>(
				List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), FaultWorker.class.getName()));
		if (System.getProperty("clusterRefresh") != null) {
			command.add(command.size() - 1, "-DclusterRefresh=" + System.getProperty("clusterRefresh"));
		}
		command.addAll(arguments);
		this.log = log;
		Files.createDirectories(log.getParent());
		this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.commands = new PrintWriter(this.process.getOutputStream(), true, StandardCharsets.UTF_8);
		Thread reader = new Thread(this::read, "fault-worker-" + this.process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	private void read() {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8));
				Writer out = Files.newBufferedWriter(this.log, StandardCharsets.UTF_8)) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.equals("ready")) {
					this.ready.countDown();
				}
				if (line.contains("ERROR")) {
					this.errors.incrementAndGet();
				}
				out.write(line);
				out.write('\n');
				out.flush();
			}
		}
		catch (IOException ex) {
			// the process is gone
		}
	}

	void awaitReady() throws InterruptedException {
		if (!this.ready.await(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Worker process " + this.process.pid() + " did not start; see " + this.log);
		}
	}

	/** Kill the process with {@code SIGKILL}, as {@code kill -9} does. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long errors() {
		return this.errors.get();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			this.commands.println("quit");
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

}
