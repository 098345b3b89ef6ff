package io.dramatiq;

import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter, as Python Dramatiq computes it since 2.0
 * ({@code dramatiq/common.py}). Used by the {@code Retries} middleware between attempts
 * and by the Redis consumer between empty fetches.
 */
public final class Backoff {

	private static final int MAX_EXPONENT = 32;

	private Backoff() {
	}

	/**
	 * Compute a backoff: {@code base = minBackoff × 2^min(attempts, 32)}, a delay drawn
	 * uniformly in {@code [base, 2 × base)}, and, when that exceeds {@code maxBackoff},
	 * one drawn in {@code [maxBackoff / 2, maxBackoff)} instead.
	 * @param attempts failures before this one (0 on the first failure)
	 * @param minBackoff the minimum backoff in milliseconds
	 * @param maxBackoff the maximum backoff in milliseconds
	 * @param random the source of jitter
	 * @return the delay in milliseconds
	 */
	public static long compute(int attempts, long minBackoff, long maxBackoff, RandomGenerator random) {
		double base = minBackoff * Math.pow(2, Math.min(Math.max(attempts, 0), MAX_EXPONENT));
		double delay = Math.floor(base * (1 + random.nextDouble()));
		if (delay > maxBackoff) {
			delay = Math.floor(maxBackoff * (0.5 + random.nextDouble() / 2));
		}
		return (long) delay;
	}

}
