/**
 * The sample application: Dramatiq's {@code count_words} walkthrough on Spring Boot.
 */
package io.dramatiq.sample;
