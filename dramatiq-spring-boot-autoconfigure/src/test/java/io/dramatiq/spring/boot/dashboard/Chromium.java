package io.dramatiq.spring.boot.dashboard;

import java.io.File;
import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's headless Chromium through its chromedriver for the dashboard's browser
 * tests, never Selenium Manager (which would download a browser). Tests skip with a clear
 * reason when Chromium is not installed, and fail instead when the environment variable
 * {@code CI} is {@code true}, as {@link io.dramatiq.broker.BrokerAvailability} does for
 * servers.
 */
final class Chromium {

	static final String BROWSER = System.getProperty("chromium.binary", "/usr/bin/chromium");

	static final String DRIVER = System.getProperty("chromium.driver", "/usr/bin/chromedriver");

	private Chromium() {
	}

	/**
	 * Start a headless browser, or skip (fail in CI) when Chromium is missing.
	 * @return the driver
	 */
	static ChromeDriver start() {
		if (!new File(BROWSER).canExecute() || !new File(DRIVER).canExecute()) {
			String reason = "Chromium is not installed (" + BROWSER + ", " + DRIVER
					+ "); install it with `apt-get install -y chromium chromium-driver`";
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(reason + " (CI=true, so this is a failure rather than a skip)");
			}
			Assumptions.abort(reason);
		}
		System.setProperty("webdriver.chrome.driver", DRIVER);
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1400,900");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
		return driver;
	}

}
