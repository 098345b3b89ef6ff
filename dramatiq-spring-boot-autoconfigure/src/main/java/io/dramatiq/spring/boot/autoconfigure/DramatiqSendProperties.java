package io.dramatiq.spring.boot.autoconfigure;

/**
 * Settings of sending, {@code dramatiq.send.*}.
 */
public class DramatiqSendProperties {

	/**
	 * Whether a send inside a Spring transaction is enqueued once the transaction commits
	 * and dropped if it rolls back; when false every send is enqueued at once.
	 */
	private boolean afterCommit = true;

	/**
	 * Return the {@code after-commit} setting.
	 * @return the {@code after-commit} setting
	 */
	public boolean isAfterCommit() {
		return this.afterCommit;
	}

	/**
	 * Set the {@code after-commit} setting.
	 * @param afterCommit the new value
	 */
	public void setAfterCommit(boolean afterCommit) {
		this.afterCommit = afterCommit;
	}

}
