package io.dramatiq.worker;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Makes sure the virtual-thread tests run somewhere: either Maven's own JDK is 21+, or
 * the {@code virtual-threads-jdk} profile found a JDK 21+ whose {@code java} the
 * {@code virtual-threads} Surefire execution forks. Without either, this test is skipped
 * with a reason, and fails when the environment variable {@code CI} is {@code true}.
 */
class VirtualThreadTestJdkTests {

	@Test
	void virtualThreadTestsHaveAJdk21OrLaterToRunOn() {
		if (VirtualThreads.isSupported()) {
			return;
		}
		String java = System.getProperty("test.jdk21.java", "");
		boolean forked = !java.isBlank() && Files.isExecutable(Path.of(java));
		String reason = "Maven runs on Java " + Runtime.version().feature()
				+ " and no JDK 21+ was found for the virtual-thread tests (looked for"
				+ " /usr/lib/jvm/temurin-25-jdk-amd64, or -Pvirtual-threads-jdk -Ddramatiq.test.jdk21.java=...)";
		if (!forked && "true".equalsIgnoreCase(System.getenv("CI"))) {
			Assertions.fail(reason + " (CI=true, so this is a failure rather than a skip)");
		}
		assumeThat(forked).as(reason).isTrue();
	}

}
