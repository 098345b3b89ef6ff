package io.dramatiq;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the known name closest to a misspelt one, for "did you mean ...?" hints in errors
 * and warnings about settings, options and actor names.
 * <p>
 * Closeness is the optimal string alignment distance (Levenshtein's insertions, deletions
 * and substitutions, plus swapping two neighbouring characters), compared without case. A
 * name is only suggested when it is close enough to be a likely typo: at most 2 edits, or
 * a third of the longer name's length for long names.
 */
public final class ClosestNames {

	private ClosestNames() {
	}

	/**
	 * Return the known name closest to the given one, if one is close enough.
	 * @param name the name as written
	 * @param known the valid names
	 * @return the closest valid name, or empty if none is a likely typo of the name, or
	 * if the name is itself known
	 */
	public static Optional<String> of(String name, Collection<String> known) {
		if (name == null || known == null || known.contains(name)) {
			return Optional.empty();
		}
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : known) {
			if (candidate == null) {
				continue;
			}
			int distance = distance(name, candidate);
			if (distance < bestDistance || (distance == bestDistance && candidate.compareTo(best) < 0)) {
				best = candidate;
				bestDistance = distance;
			}
		}
		if (best == null || bestDistance == 0) {
			return Optional.empty();
		}
		int allowed = Math.max(2, Math.max(name.length(), best.length()) / 3);
		return (bestDistance <= allowed) ? Optional.of(best) : Optional.empty();
	}

	/**
	 * Return the number of edits that turn one name into the other, ignoring case: an
	 * edit inserts, deletes or replaces a character, or swaps two neighbouring ones.
	 * @param a one name
	 * @param b the other name
	 * @return the distance
	 */
	public static int distance(String a, String b) {
		String s = a.toLowerCase(Locale.ROOT);
		String t = b.toLowerCase(Locale.ROOT);
		int[][] d = new int[s.length() + 1][t.length() + 1];
		for (int i = 0; i <= s.length(); i++) {
			d[i][0] = i;
		}
		for (int j = 0; j <= t.length(); j++) {
			d[0][j] = j;
		}
		for (int i = 1; i <= s.length(); i++) {
			for (int j = 1; j <= t.length(); j++) {
				int cost = (s.charAt(i - 1) == t.charAt(j - 1)) ? 0 : 1;
				d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
				if (i > 1 && j > 1 && s.charAt(i - 1) == t.charAt(j - 2) && s.charAt(i - 2) == t.charAt(j - 1)) {
					d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
				}
			}
		}
		return d[s.length()][t.length()];
	}

}
