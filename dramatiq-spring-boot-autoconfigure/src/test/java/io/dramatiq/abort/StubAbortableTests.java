package io.dramatiq.abort;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.stub.StubBroker;

/**
 * Aborting on the stub broker with the in-memory event backend.
 */
class StubAbortableTests extends AbstractAbortableTests {

	@Override
	protected Broker createBroker() {
		return new StubBroker();
	}

	@Override
	protected EventBackend createBackend() {
		return new StubEventBackend();
	}

}
