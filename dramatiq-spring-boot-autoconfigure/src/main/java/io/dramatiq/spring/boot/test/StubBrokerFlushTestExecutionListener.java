package io.dramatiq.spring.boot.test;

import io.dramatiq.broker.stub.StubBroker;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Flushes every {@link StubBroker} of the test's application context after each test
 * method, so that messages and dead letters a test leaves behind do not reach the next
 * test that shares the cached context. Registered through
 * {@code META-INF/spring.factories}; it does nothing when the context was never loaded or
 * holds no stub broker.
 * <p>
 * Messages an actor is running at that moment still finish; join the queues in the test
 * to wait for them.
 */
public class StubBrokerFlushTestExecutionListener extends AbstractTestExecutionListener
		implements TestExecutionListener {

	/**
	 * The order of this listener: after Spring's own listeners, so that on the way out it
	 * runs before the context may be closed by {@code @DirtiesContext}.
	 */
	public static final int ORDER = 6000;

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void afterTestMethod(TestContext testContext) {
		if (!testContext.hasApplicationContext()) {
			return;
		}
		ApplicationContext context = testContext.getApplicationContext();
		context.getBeanProvider(StubBroker.class).orderedStream().forEach(StubBroker::flushAll);
	}

}
