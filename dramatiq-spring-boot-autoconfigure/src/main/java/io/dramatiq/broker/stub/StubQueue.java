package io.dramatiq.broker.stub;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * One in-memory queue of encoded message bodies with a count of unfinished messages
 * (queued or handed out and not yet acked or nacked), like Python's {@code queue.Queue}
 * in the stub broker.
 */
final class StubQueue {

	private final LinkedBlockingDeque<byte[]> ready = new LinkedBlockingDeque<>();

	private final Object monitor;

	private int unfinished;

	StubQueue(Object monitor) {
		this.monitor = monitor;
	}

	void put(byte[] body) {
		synchronized (this.monitor) {
			this.unfinished++;
		}
		this.ready.addLast(body);
	}

	byte[] poll(long timeoutMillis) throws InterruptedException {
		return this.ready.poll(timeoutMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Put bodies back at the head, in their original order, still unfinished.
	 */
	void putBack(List<byte[]> bodies) {
		for (int i = bodies.size() - 1; i >= 0; i--) {
			this.ready.addFirst(bodies.get(i));
		}
	}

	void taskDone() {
		synchronized (this.monitor) {
			this.unfinished--;
			this.monitor.notifyAll();
		}
	}

	int unfinished() {
		synchronized (this.monitor) {
			return this.unfinished;
		}
	}

	int size() {
		return this.ready.size();
	}

	void flush() {
		List<byte[]> dropped = new ArrayList<>();
		this.ready.drainTo(dropped);
		synchronized (this.monitor) {
			this.unfinished -= dropped.size();
			this.monitor.notifyAll();
		}
	}

}
