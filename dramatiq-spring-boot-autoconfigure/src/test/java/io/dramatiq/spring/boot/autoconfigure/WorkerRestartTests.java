package io.dramatiq.spring.boot.autoconfigure;

import io.dramatiq.broker.stub.StubBroker;
import io.dramatiq.middleware.CurrentMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restart as Spring Boot DevTools does it, on one stub broker that outlives both
 * application contexts as a broker server would (see {@link WorkerRestartTestSupport}).
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkerRestartTests {

	@Test
	void restartLosesAndDuplicatesNothing(CapturedOutput output) throws Exception {
		StubBroker broker = new StubBroker();
		broker.addMiddleware(new CurrentMessage());
		WorkerRestartTestSupport.Probe probe = new WorkerRestartTestSupport.Probe();
		broker.declareActor(probe.actor("restart_probe", "restarts"));
		WorkerRestartTestSupport.restart(() -> broker, probe, "restarts");
		assertThat(output).contains("prefetched messages back to the broker.");
	}

}
