package io.dramatiq.spring.boot.autoconfigure.workeronly;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker-only application ({@link WorkerOnlyApplication}, no web server) run as a child
 * process: it keeps running while its worker runs, and a SIGTERM stops the worker
 * gracefully. The waits are generous, for a loaded machine.
 */
class WorkerOnlyApplicationTests {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private final List<String> output = new CopyOnWriteArrayList<>();

	private Process process;

	private volatile boolean reading = true;

	@AfterEach
	void killProcess() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void workerOnlyApplicationRunsUntilSigtermThenStopsItsWorkerGracefully() throws Exception {
		// Given a worker-only application on the stub broker, with the README's recipe
		this.process = start("--dramatiq.broker.type=stub", "--spring.main.web-application-type=none");
		// When it has started
		awaitLine("Started WorkerOnlyApplication", STARTUP);
		// I expect it to keep running
		try {
			await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(this.process::isAlive);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("The application did not keep running; " + describe(), ex);
		}
		assertThat(contains("Worker is shutting down.")).as(describe()).isFalse();
		// and, on SIGTERM, to stop its worker gracefully and exit (through the handle:
		// Process.destroy() would also close the pipe we read its last lines from)
		assertThat(this.process.toHandle().destroy()).isTrue();
		assertThat(this.process.waitFor(STARTUP.toSeconds(), TimeUnit.SECONDS)).as(describe()).isTrue();
		awaitLine("Worker is shutting down.", Duration.ofSeconds(20));
		awaitLine("Worker has shut down.", Duration.ofSeconds(20));
	}

	/**
	 * Wait until the process printed a line containing {@code text}, or ended without.
	 */
	private void awaitLine(String text, Duration timeout) {
		try {
			await().atMost(timeout).until(() -> contains(text) || !this.process.isAlive());
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("Timed out waiting for '" + text + "'; " + describe(), ex);
		}
		// the output reader may be a line behind the process's end
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> contains(text) || !this.reading);
		assertThat(contains(text)).as("'%s' printed; %s", text, describe()).isTrue();
	}

	private boolean contains(String text) {
		return this.output.stream().anyMatch((line) -> line.contains(text));
	}

	private String describe() {
		String exit = this.process.isAlive() ? "still running" : "exited with " + this.process.exitValue();
		return "the process " + exit + " after printing:\n" + String.join("\n", this.output);
	}

	private Process start(String... args) throws IOException {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		List<String> command = new ArrayList<>(
				List.of(java, "-cp", System.getProperty("java.class.path"), WorkerOnlyApplication.class.getName()));
		command.addAll(List.of(args));
		Process started = new ProcessBuilder(command).redirectErrorStream(true).start();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					this.output.add(line);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
			finally {
				this.reading = false;
			}
		}, "worker-only-application-output");
		reader.setDaemon(true);
		reader.start();
		return started;
	}

}
