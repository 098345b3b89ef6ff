/**
 * Periodic actors: schedules that enqueue an actor's message on every tick of a cron
 * expression or a fixed rate, once per tick however many instances run, through a
 * {@link io.dramatiq.schedule.ScheduleLock} kept in the broker. Spring-free.
 */
package io.dramatiq.schedule;
