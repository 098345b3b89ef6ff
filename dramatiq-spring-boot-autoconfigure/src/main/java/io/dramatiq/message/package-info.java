/**
 * The message envelope, its Python-compatible JSON encoding and queue naming rules.
 * Spring-free.
 */
package io.dramatiq.message;
