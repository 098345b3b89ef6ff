package io.dramatiq.actor;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The registry of local and remote actors.
 */
class ActorRegistryTests {

	private final ActorRegistry registry = new ActorRegistry();

	@Test
	void remoteActorsAreKnownByQueueButNeverRun() {
		this.registry.register(ActorDefinition.of("local", (args, kwargs) -> null));
		this.registry.registerRemote("py_cb", "pyq");
		assertThat(this.registry.queueNameOf("local")).contains("default");
		assertThat(this.registry.queueNameOf("py_cb")).contains("pyq");
		assertThat(this.registry.queueNameOf("nobody")).isEmpty();
		assertThat(this.registry.find("py_cb")).isEmpty();
		assertThat(this.registry.remoteActors()).isEqualTo(Map.of("py_cb", "pyq"));
		assertThat(this.registry.queueNames()).containsExactly("default");
	}

	@Test
	void aNameIsEitherLocalOrRemote() {
		this.registry.register(ActorDefinition.of("local", (args, kwargs) -> null));
		this.registry.registerRemote("py_cb", "pyq");
		this.registry.registerRemote("py_cb", "pyq");
		assertThatIllegalStateException().isThrownBy(() -> this.registry.registerRemote("local", "pyq"))
			.withMessageContaining("declared in this process");
		assertThatIllegalStateException().isThrownBy(() -> this.registry.registerRemote("py_cb", "other"))
			.withMessageContaining("on queue 'pyq' and on queue 'other'");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.registry.register(ActorDefinition.of("py_cb", (args, kwargs) -> null)))
			.withMessageContaining("remote actor on queue 'pyq'");
	}

}
