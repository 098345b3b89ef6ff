/**
 * Actuator support, with no conditions: the {@code dramatiq} health indicator and the
 * {@code dramatiq} endpoint. The auto-configurations in
 * {@code io.dramatiq.spring.boot.autoconfigure} create them.
 */
package io.dramatiq.spring.boot.actuate;
