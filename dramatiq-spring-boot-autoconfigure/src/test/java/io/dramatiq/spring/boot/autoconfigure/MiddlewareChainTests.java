package io.dramatiq.spring.boot.autoconfigure;

import java.util.List;

import io.dramatiq.broker.Middleware;
import io.dramatiq.middleware.AgeLimit;
import io.dramatiq.middleware.Callbacks;
import io.dramatiq.middleware.CurrentMessage;
import io.dramatiq.middleware.DefaultMiddleware;
import io.dramatiq.middleware.Pipelines;
import io.dramatiq.middleware.Retries;
import io.dramatiq.middleware.ShutdownNotifications;
import io.dramatiq.middleware.TimeLimit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link MiddlewareChain}: editing the middleware as Python's
 * {@code add_middleware(before=..., after=...)} does.
 */
class MiddlewareChainTests {

	private final MiddlewareChain chain = new MiddlewareChain(DefaultMiddleware.create());

	@Test
	void addAppends() {
		Middleware audit = new Audit();
		this.chain.add(audit);
		assertThat(types()).endsWith(Retries.class, Audit.class);
	}

	@Test
	void addBeforeAndAfterInsertNextToTheFirstMiddlewareOfAType() {
		this.chain.addBefore(Retries.class, new Audit()).addAfter(AgeLimit.class, new CurrentMessage());
		assertThat(types()).containsExactly(AgeLimit.class, CurrentMessage.class, TimeLimit.class,
				ShutdownNotifications.class, Callbacks.class, Pipelines.class, Audit.class, Retries.class);
	}

	@Test
	void replaceKeepsThePlace() {
		Retries retries = new Retries(3, null, null, null);
		this.chain.replace(Retries.class, retries);
		assertThat(this.chain.middleware()).last().isSameAs(retries);
		assertThat(this.chain.find(Retries.class)).containsSame(retries);
	}

	@Test
	void removeDropsEveryMiddlewareOfAType() {
		this.chain.add(new Retries()).remove(Retries.class);
		assertThat(this.chain.contains(Retries.class)).isFalse();
		assertThat(this.chain.middleware()).hasSize(5);
		// removing what is not there changes nothing
		this.chain.remove(CurrentMessage.class);
		assertThat(this.chain.middleware()).hasSize(5);
	}

	@Test
	void typesMatchSubclasses() {
		this.chain.replace(Retries.class, new QuickRetries());
		assertThat(this.chain.find(Retries.class)).containsInstanceOf(QuickRetries.class);
	}

	@Test
	void insertingNextToAMissingTypeFailsNamingTheChain() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.chain.addAfter(CurrentMessage.class, new Audit()))
			.withMessage("Cannot add Audit after it: no middleware is a CurrentMessage. The chain is [AgeLimit,"
					+ " TimeLimit, ShutdownNotifications, Callbacks, Pipelines, Retries].");
	}

	private List<Class<?>> types() {
		return this.chain.middleware().stream().<Class<?>>map(Object::getClass).toList();
	}

	static class Audit implements Middleware {

	}

	static class QuickRetries extends Retries {

	}

}
