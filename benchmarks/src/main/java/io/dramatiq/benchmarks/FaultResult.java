package io.dramatiq.benchmarks;

import java.util.Map;

/**
 * What one run of a {@link FaultScenario} measured.
 *
 * @param sent the good messages sent
 * @param ran the good messages that ran at least once
 * @param lost the good messages that never ran
 * @param ranTwice the messages that ran twice or more
 * @param recoverMillis from the fault (for {@link FaultScenario#MALFORMED}, from the
 * first send) to the last message's first run; {@code null} when some never ran before
 * the deadline
 * @param note what else the scenario checked
 */
record FaultResult(int sent, int ran, int lost, int ranTwice, Long recoverMillis, String note) {

	/**
	 * Count the runs recorded for messages {@code 0 .. sent - 1}.
	 * @param sent how many messages were sent
	 * @param runs message index to run count
	 * @param recoverMillis the recovery time or {@code null}
	 * @param note what else was checked
	 * @return the result
	 */
	static FaultResult of(int sent, Map<String, String> runs, Long recoverMillis, String note) {
		int ran = 0;
		int twice = 0;
		for (int i = 0; i < sent; i++) {
			String value = runs.get(String.valueOf(i));
			if (value != null) {
				ran++;
				if (Long.parseLong(value) >= 2) {
					twice++;
				}
			}
		}
		return new FaultResult(sent, ran, sent - ran, twice, recoverMillis, note);
	}

	@Override
	public String toString() {
		return "sent " + this.sent + ", ran " + this.ran + ", lost " + this.lost + ", ran twice+ " + this.ranTwice
				+ ", recover " + ((this.recoverMillis != null) ? this.recoverMillis + " ms" : "not within the deadline")
				+ (this.note.isEmpty() ? "" : ", " + this.note);
	}

}
