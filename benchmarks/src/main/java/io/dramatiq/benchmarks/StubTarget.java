package io.dramatiq.benchmarks;

import io.dramatiq.broker.Broker;
import io.dramatiq.broker.stub.StubBroker;

/**
 * The in-memory broker, without a plain client: what the worker costs with no network in
 * between.
 */
final class StubTarget implements BenchTarget {

	private final StubBroker broker = Bench.withMiddleware(new StubBroker());

	@Override
	public Broker broker() {
		return this.broker;
	}

	@Override
	public ProcessStats stats() {
		return ProcessStats.jvmOnly();
	}

	@Override
	public boolean hasPlainClient() {
		return false;
	}

	@Override
	public double plainEnqueue(int count) {
		return 0;
	}

	@Override
	public void plainFill(int count) {
	}

	@Override
	public double plainDrain(int count) {
		return 0;
	}

	@Override
	public String plainDrainDescription() {
		return "";
	}

	@Override
	public void close() {
		this.broker.close();
	}

}
