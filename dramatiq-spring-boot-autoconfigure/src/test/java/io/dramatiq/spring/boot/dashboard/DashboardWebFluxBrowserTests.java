package io.dramatiq.spring.boot.dashboard;

import org.openqa.selenium.By;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a WebFlux application (Reactor Netty), on the stub broker: the same
 * pages and actions as on Spring MVC.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "dramatiq.broker.type=stub",
				"dramatiq.dashboard.enabled=true", "dramatiq.dashboard.refresh-interval=300ms",
				"dramatiq.worker.worker-timeout=50ms", "management.endpoint.dramatiq.access=unrestricted",
				"management.endpoint.dramatiq.show-values=always" })
class DashboardWebFluxBrowserTests extends AbstractDashboardBrowserTests {

	static final String QUEUE = newQueueName();

	@DynamicPropertySource
	static void queue(DynamicPropertyRegistry registry) {
		registry.add("dashboard-test.queue", () -> QUEUE);
	}

	@Override
	void assertWorkers() {
		assertThat(browser.findElement(By.tagName("main")).getText()).contains("The stub broker lives in this process");
	}

}
