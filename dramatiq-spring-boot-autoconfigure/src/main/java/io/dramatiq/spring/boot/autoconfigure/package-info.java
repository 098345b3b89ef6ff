/**
 * Spring Boot auto-configuration of Dramatiq: the broker chosen by
 * {@code dramatiq.broker.type}, the {@code @Actor} post-processor and the worker, with
 * their {@code dramatiq.*} properties.
 */
package io.dramatiq.spring.boot.autoconfigure;
