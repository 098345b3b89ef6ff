package io.dramatiq.spring.boot.autoconfigure.clients.app;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Configuration;

/**
 * An application whose package (this one) is its auto-configuration package, as a
 * {@code @SpringBootApplication}'s is.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
public class ScannedApplication {

}
