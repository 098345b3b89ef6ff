package io.dramatiq.spring;

import java.util.ArrayDeque;
import java.util.Deque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The sends of one transaction, waiting for its end: enqueued in order once it commits,
 * dropped if it rolls back. The only class that touches spring-tx, so that
 * {@link TransactionalSends} works without it. One instance per transaction, found among
 * the transaction's synchronizations, so that a suspended outer transaction keeps its own
 * sends while an inner {@code REQUIRES_NEW} one runs.
 */
final class AfterCommitSynchronization implements TransactionSynchronization {

	private static final Logger logger = LoggerFactory.getLogger(AfterCommitSynchronization.class);

	private final Deque<Pending> pending = new ArrayDeque<>();

	private AfterCommitSynchronization() {
	}

	static boolean isTransactionActive() {
		return TransactionSynchronizationManager.isSynchronizationActive()
				&& TransactionSynchronizationManager.isActualTransactionActive();
	}

	static void defer(String description, Runnable enqueue) {
		AfterCommitSynchronization current = null;
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof AfterCommitSynchronization sends) {
				current = sends;
				break;
			}
		}
		if (current == null) {
			current = new AfterCommitSynchronization();
			TransactionSynchronizationManager.registerSynchronization(current);
		}
		synchronized (current.pending) {
			current.pending.add(new Pending(description, enqueue));
		}
		logger.debug("Holding {} until its transaction commits.", description);
	}

	@Override
	public void afterCommit() {
		enqueueAll();
	}

	@Override
	public void afterCompletion(int status) {
		if (status == STATUS_COMMITTED) {
			// sends made by other synchronizations' afterCommit, after this one ran
			enqueueAll();
			return;
		}
		for (Pending dropped = next(); dropped != null; dropped = next()) {
			if (status == STATUS_ROLLED_BACK) {
				logger.debug("Dropped {}: its transaction rolled back.", dropped.description());
			}
			else {
				logger.warn("Dropped {}: the outcome of its transaction is unknown.", dropped.description());
			}
		}
	}

	private void enqueueAll() {
		// one by one, so that a send made while enqueueing (by a middleware) goes out too
		for (Pending send = next(); send != null; send = next()) {
			try {
				send.enqueue().run();
			}
			catch (RuntimeException ex) {
				logger.error(
						"Could not enqueue {} after its transaction committed ({}): it is lost, the transaction"
								+ " stays committed, and the sends after it are still enqueued.",
						send.description(), ex.toString(), ex);
			}
		}
	}

	private Pending next() {
		synchronized (this.pending) {
			return this.pending.poll();
		}
	}

	private record Pending(String description, Runnable enqueue) {
	}

}
