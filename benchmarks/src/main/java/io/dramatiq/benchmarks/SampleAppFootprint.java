package io.dramatiq.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Resident memory of the idle sample app (Spring Boot, web, Actuator, the stub broker),
 * with a worker of 8 threads and without one ({@code dramatiq.worker.enabled=false}),
 * each started {@code -Druns} (3) times: {@code VmRSS} of the app's process 10 s after it
 * logged that it started, with {@code -Xms64m -Xmx256m}, on a free port, without the
 * sample's start-up messages.
 * <p>
 * Run from the repository root, after
 * {@code ./mvnw -B -ntp -pl sample-app,benchmarks -am package -DskipTests}:
 * {@code java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' io.dramatiq.benchmarks.SampleAppFootprint sample-app/target/sample-app-0.1.0-SNAPSHOT.jar}.
 */
public final class SampleAppFootprint {

	private static final int RUNS = Integer.getInteger("runs", 3);

	private SampleAppFootprint() {
	}

	public static void main(String[] args) throws Exception {
		String jar = args[0];
		long[] withWorker = new long[RUNS];
		long[] withoutWorker = new long[RUNS];
		for (int i = 0; i < RUNS; i++) {
			withWorker[i] = idleRss(jar, "--dramatiq.worker.threads=8");
			withoutWorker[i] = idleRss(jar, "--dramatiq.worker.enabled=false");
			System.out.printf("run %d: with a worker of 8 threads %,d kB, without a worker %,d kB%n", i + 1,
					withWorker[i], withoutWorker[i]);
		}
		System.out.printf("sample app, idle, worker of 8 threads: RSS %s kB (min / median / max)%n",
				summary(withWorker));
		System.out.printf("sample app, idle, no worker:           RSS %s kB%n", summary(withoutWorker));
	}

	private static long idleRss(String jar, String setting) throws Exception {
		String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
		List<String> command = new ArrayList<>(List.of(java, "-Xms64m", "-Xmx256m", "-jar", jar, "--server.port=0",
				"--sample.count-words-on-startup=false", setting));
		Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			awaitStarted(app);
			TimeUnit.SECONDS.sleep(10);
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(app.pid()), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", ""));
				}
			}
			throw new IllegalStateException("No VmRSS for process " + app.pid() + ".");
		}
		finally {
			app.destroy();
			if (!app.waitFor(30, TimeUnit.SECONDS)) {
				app.destroyForcibly();
			}
		}
	}

	/** Read the app's log until Boot says it started; keep draining it afterwards. */
	private static void awaitStarted(Process app) throws IOException {
		BufferedReader log = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = log.readLine()) != null) {
			if (line.contains("Started SampleApplication")) {
				Thread drain = new Thread(() -> skipRest(log));
				drain.setDaemon(true);
				drain.start();
				return;
			}
		}
		throw new IllegalStateException("The sample app ended before it started.");
	}

	private static void skipRest(BufferedReader log) {
		try {
			while (log.readLine() != null) {
				// the app's log is not needed, only read so that the app never blocks
			}
		}
		catch (IOException ex) {
			// the app ended
		}
	}

	private static String summary(long[] values) {
		long[] sorted = values.clone();
		Arrays.sort(sorted);
		return String.format("%,d / %,d / %,d", sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]);
	}

}
