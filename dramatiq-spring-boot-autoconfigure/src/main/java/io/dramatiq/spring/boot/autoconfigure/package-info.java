/**
 * Spring Boot auto-configuration of Dramatiq: the broker chosen by
 * {@code dramatiq.broker.type}, the {@code @Actor} post-processor and the worker, with
 * their {@code dramatiq.*} properties. Every broker {@code @Bean} method takes the
 * {@link io.dramatiq.spring.boot.autoconfigure.DramatiqBrokerConfigurer} and calls
 * {@code configure(broker)} before returning the broker, so that every kind of broker
 * gets the same middleware.
 */
package io.dramatiq.spring.boot.autoconfigure;
