/**
 * Throughput and latency benchmarks, run as plain programs; see
 * {@code docs/benchmarks.md}.
 */
package io.dramatiq.benchmarks;
