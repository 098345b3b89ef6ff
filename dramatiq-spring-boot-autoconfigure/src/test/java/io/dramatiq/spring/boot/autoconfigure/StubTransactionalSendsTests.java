package io.dramatiq.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Sends that follow the transaction on the stub broker.
 */
class StubTransactionalSendsTests extends AbstractTransactionalSendsTests {

	@Override
	protected ApplicationContextRunner brokerContextRunner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DramatiqAutoConfiguration.class))
			.withPropertyValues("dramatiq.broker.type=stub");
	}

}
