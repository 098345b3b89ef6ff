package io.dramatiq.spring.boot.autoconfigure;

import java.lang.reflect.Method;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.dramatiq.Durations;
import io.dramatiq.schedule.FixedRateTrigger;
import io.dramatiq.schedule.MissedTicks;
import io.dramatiq.schedule.Periodic;
import io.dramatiq.schedule.Schedule;
import io.dramatiq.schedule.ScheduleTrigger;
import io.dramatiq.spring.ActorDefinitionException;
import io.dramatiq.spring.CronScheduleTrigger;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.StringUtils;

/**
 * The schedules of periodic actors, from their {@link Periodic @Periodic} annotations
 * overridden by {@code dramatiq.schedules.<actor>.*}. A bad cron expression, time zone or
 * rate fails start-up naming the property or the method.
 */
final class ScheduleDefinitions {

	private static final String PREFIX = "dramatiq.schedules.";

	private ScheduleDefinitions() {
	}

	/**
	 * Resolve the schedules.
	 * @param properties the schedules of {@code dramatiq.schedules}, by actor name
	 * @param actorMethods the {@code @Actor} methods, by actor name
	 * @return the schedules, those of annotations first
	 */
	static List<Schedule> resolve(Map<String, DramatiqScheduleProperties> properties,
			Map<String, Method> actorMethods) {
		List<Schedule> schedules = new ArrayList<>();
		actorMethods.forEach((actorName, method) -> {
			Periodic periodic = AnnotatedElementUtils.findMergedAnnotation(method, Periodic.class);
			if (periodic != null) {
				add(schedules, actorName, method, periodic, properties.get(actorName));
			}
		});
		properties.forEach((actorName, settings) -> {
			Method method = actorMethods.get(actorName);
			if (method != null && AnnotatedElementUtils.hasAnnotation(method, Periodic.class)) {
				return;
			}
			if (method != null && method.getParameterCount() > 0 && !Boolean.FALSE.equals(settings.getEnabled())) {
				String property = prefix(actorName) + (hasTrigger(settings) ? triggerName(settings) : "enabled");
				throw new DramatiqPropertyException(property, null,
						"Property '" + prefix(actorName) + "*' schedules actor '" + actorName + "', but its method "
								+ describe(method) + " takes parameters: the messages of a periodic actor have no"
								+ " arguments.",
						"Schedule an actor whose method takes no parameter, or remove '" + prefix(actorName) + "*'.");
			}
			add(schedules, actorName, null, null, settings);
		});
		return schedules;
	}

	private static void add(List<Schedule> schedules, String actorName, Method method, Periodic periodic,
			DramatiqScheduleProperties settings) {
		if (settings != null && Boolean.FALSE.equals(settings.getEnabled())) {
			return;
		}
		String prefix = prefix(actorName);
		MissedTicks missed = (settings != null && settings.getMissedTicks() != null) ? settings.getMissedTicks()
				: (periodic != null) ? periodic.missedTicks() : MissedTicks.SKIP;
		if (settings != null && hasTrigger(settings)) {
			if (StringUtils.hasText(settings.getCron()) && settings.getFixedRate() != null) {
				throw new DramatiqPropertyException(prefix + "cron", settings.getCron(),
						"Properties '" + prefix + "cron' and '" + prefix + "fixed-rate' are both set.",
						"Set only one of them.");
			}
			String zoneProperty = prefix + "zone";
			String zone = StringUtils.hasText(settings.getZone()) ? settings.getZone()
					: (periodic != null && StringUtils.hasText(periodic.zone())) ? periodic.zone() : null;
			if (settings.getFixedRate() != null) {
				schedules.add(new Schedule(actorName, fixedRate(prefix + "fixed-rate", settings.getFixedRate()), null,
						missed));
				return;
			}
			ZoneId zoneId = propertyZone(zoneProperty, zone);
			schedules.add(new Schedule(actorName, propertyCron(prefix + "cron", settings.getCron(), zoneId),
					zoneId.getId(), missed));
			return;
		}
		if (periodic == null) {
			throw new DramatiqPropertyException(prefix + "cron", null,
					"Property '" + prefix + "*' schedules actor '" + actorName
							+ "' but sets neither 'cron' nor 'fixed-rate'.",
					"Set '" + prefix + "cron' or '" + prefix + "fixed-rate'.");
		}
		schedules.add(fromAnnotation(actorName, method, periodic, settings, missed));
	}

	private static Schedule fromAnnotation(String actorName, Method method, Periodic periodic,
			DramatiqScheduleProperties settings, MissedTicks missed) {
		String described = "@Periodic on " + describe(method) + " of actor '" + actorName + "'";
		boolean cron = StringUtils.hasText(periodic.cron());
		boolean rate = StringUtils.hasText(periodic.fixedRate());
		if (cron == rate) {
			throw new ActorDefinitionException(
					described + (cron ? " sets both cron and fixedRate." : " sets neither" + " cron nor fixedRate."),
					"Set exactly one of @Periodic(cron) and @Periodic(fixedRate).");
		}
		if (rate) {
			Duration period;
			try {
				period = Durations.parse(periodic.fixedRate());
			}
			catch (IllegalArgumentException ex) {
				throw new ActorDefinitionException(described + " has fixedRate '" + periodic.fixedRate()
						+ "', which is not a duration: " + ex.getMessage(), "Write a duration such as '30s'.", ex);
			}
			if (period.toMillis() < 1) {
				throw new ActorDefinitionException(
						described + " has fixedRate '" + periodic.fixedRate() + "', shorter than 1ms.",
						"Write a duration of at least 1ms, such as '30s'.");
			}
			return new Schedule(actorName, new FixedRateTrigger(period), null, missed);
		}
		if (settings != null && StringUtils.hasText(settings.getZone())) {
			ZoneId zone = propertyZone(prefix(actorName) + "zone", settings.getZone());
			return new Schedule(actorName, annotationCron(described, periodic.cron(), zone), zone.getId(), missed);
		}
		ZoneId zone;
		try {
			zone = StringUtils.hasText(periodic.zone()) ? ZoneId.of(periodic.zone()) : ZoneOffset.UTC;
		}
		catch (DateTimeException ex) {
			throw new ActorDefinitionException(
					described + " has zone '" + periodic.zone() + "', which is not a time zone: " + ex.getMessage(),
					"Write a time zone id such as 'Europe/Paris' or 'UTC'.", ex);
		}
		return new Schedule(actorName, annotationCron(described, periodic.cron(), zone), zone.getId(), missed);
	}

	private static ScheduleTrigger annotationCron(String described, String expression, ZoneId zone) {
		try {
			return new CronScheduleTrigger(expression, zone);
		}
		catch (IllegalArgumentException ex) {
			throw new ActorDefinitionException(
					described + " has cron '" + expression + "', which is not a cron expression: " + ex.getMessage(),
					"Write six fields (second minute hour day-of-month month day-of-week), such as '0 */5 * * * *'.",
					ex);
		}
	}

	private static ScheduleTrigger propertyCron(String property, String expression, ZoneId zone) {
		try {
			return new CronScheduleTrigger(expression.trim(), zone);
		}
		catch (IllegalArgumentException ex) {
			throw new DramatiqPropertyException(property, expression,
					"Property '" + property + "' is not a valid cron expression: " + ex.getMessage(),
					"Write six fields (second minute hour day-of-month month day-of-week), such as '0 */5 * * * *'.");
		}
	}

	private static ScheduleTrigger fixedRate(String property, Duration period) {
		if (period.toMillis() < 1) {
			throw DramatiqPropertyException.atLeast(property, period, "1ms");
		}
		return new FixedRateTrigger(period);
	}

	private static ZoneId propertyZone(String property, String zone) {
		if (zone == null) {
			return ZoneOffset.UTC;
		}
		try {
			return ZoneId.of(zone.trim());
		}
		catch (DateTimeException ex) {
			throw new DramatiqPropertyException(property, zone,
					"Property '" + property + "' is not a time zone: " + ex.getMessage(),
					"Write a time zone id such as 'Europe/Paris' or 'UTC'.");
		}
	}

	private static boolean hasTrigger(DramatiqScheduleProperties settings) {
		return StringUtils.hasText(settings.getCron()) || settings.getFixedRate() != null;
	}

	private static String triggerName(DramatiqScheduleProperties settings) {
		return StringUtils.hasText(settings.getCron()) ? "cron" : "fixed-rate";
	}

	private static String prefix(String actorName) {
		return PREFIX + PropertiesActorOptionLayers.key(actorName) + ".";
	}

	private static String describe(Method method) {
		return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + String.join(", ",
				java.util.Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
	}

}
