package io.dramatiq.schedule;

import java.time.Instant;

/**
 * What a {@link Scheduler} knows of one schedule, for the actuator endpoint.
 *
 * @param schedule the schedule
 * @param nextRun the next tick this instance will claim, or {@code null} when the
 * scheduler is not running or the trigger never ticks again
 * @param lastRun the last tick the broker recorded, by any instance, or {@code null} when
 * none was or the broker could not be asked
 */
public record ScheduleState(Schedule schedule, Instant nextRun, Instant lastRun) {

}
