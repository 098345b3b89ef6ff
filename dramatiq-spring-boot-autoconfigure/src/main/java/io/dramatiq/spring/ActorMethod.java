package io.dramatiq.spring;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.dramatiq.actor.Actor;
import io.dramatiq.message.QueueNames;
import io.dramatiq.schedule.Periodic;

import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * An {@link Actor @Actor} method found on a bean's class, checked so that it can become
 * an actor.
 *
 * @param actorName the actor name: {@link Actor#name()} or, as in Python, the method name
 * @param queueName the canonical queue
 * @param priority the actor priority
 * @param method the annotated method, on the bean's user class
 * @param beanName the bean the method belongs to
 * @param annotation the method's {@code @Actor}, whose other attributes are actor options
 */
record ActorMethod(String actorName, String queueName, int priority, Method method, String beanName, Actor annotation) {

	/**
	 * Find the {@code @Actor} methods of a bean class, sorted so start-up is repeatable.
	 * @param beanClass the bean's class (a CGLIB subclass is looked through)
	 * @param beanName the bean name
	 * @return the actor methods, possibly empty
	 * @throws ActorDefinitionException if a method cannot become an actor
	 */
	static List<ActorMethod> find(Class<?> beanClass, String beanName) {
		Class<?> userClass = ClassUtils.getUserClass(beanClass);
		if (!AnnotationUtils.isCandidateClass(userClass, Actor.class)) {
			return List.of();
		}
		Map<Method, Actor> annotated = MethodIntrospector.selectMethods(userClass,
				(MethodIntrospector.MetadataLookup<Actor>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, Actor.class));
		List<ActorMethod> found = new ArrayList<>();
		annotated.forEach((method, actor) -> found.add(of(method, actor, beanName)));
		found.sort(Comparator.comparing(ActorMethod::describe));
		return found;
	}

	private static ActorMethod of(Method method, Actor actor, String beanName) {
		String described = describe(method);
		int modifiers = method.getModifiers();
		if (Modifier.isStatic(modifiers)) {
			throw new ActorDefinitionException("@Actor method " + described + " is static.",
					"Remove 'static': actors are instance methods of a Spring bean.");
		}
		if (Modifier.isPrivate(modifiers)) {
			throw new ActorDefinitionException(
					"@Actor method " + described + " is private and cannot be called through the bean's proxy.",
					"Make it public.");
		}
		if (Modifier.isFinal(modifiers)) {
			throw new ActorDefinitionException("@Actor method " + described + " is final and cannot be proxied.",
					"Remove 'final' or declare the method on an interface.");
		}
		String actorName = StringUtils.hasLength(actor.name()) ? actor.name() : method.getName();
		if (method.getParameterCount() > 0 && AnnotatedElementUtils.hasAnnotation(method, Periodic.class)) {
			throw new ActorDefinitionException(
					"@Periodic @Actor method " + described + " of actor '" + actorName
							+ "' takes parameters, but the messages of a periodic actor have no arguments.",
					"Remove the parameters, or the @Periodic annotation.");
		}
		try {
			QueueNames.validate(actor.queueName());
		}
		catch (IllegalArgumentException ex) {
			throw new ActorDefinitionException(
					"@Actor method " + described + " of actor '" + actorName + "': " + ex.getMessage(),
					"Change @Actor(queueName) to a valid name such as 'default'.", ex);
		}
		return new ActorMethod(actorName, actor.queueName(), actor.priority(), method, beanName, actor);
	}

	/**
	 * Describe the method as {@code Class.method(Params)}, for messages.
	 * @return the description
	 */
	String describe() {
		return describe(this.method);
	}

	static String describe(Method method) {
		String parameters = java.util.Arrays.stream(method.getParameterTypes())
			.map(Class::getSimpleName)
			.collect(Collectors.joining(", "));
		return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "(" + parameters + ")";
	}

}
