/**
 * Test support for applications' {@code @SpringBootTest}s on the stub broker: the stub
 * broker is flushed after each test method ({@link StubBrokerFlushTestExecutionListener})
 * and dead letters have AssertJ assertions ({@link DramatiqAssertions}). Needs
 * {@code spring-test} and AssertJ, which {@code spring-boot-starter-test} brings.
 */
package io.dramatiq.spring.boot.test;
