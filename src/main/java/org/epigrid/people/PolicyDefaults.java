package org.epigrid.people;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

/**
 * Stopgap: supplies the map-valued {@code epigrid.policy} defaults (result deadlines,
 * quarantine days, required negative tests) as the lowest-precedence property source,
 * because a {@code @DefaultValue} array cannot be converted into a {@code Map} and the
 * {@link org.epigrid.support.Policy} bean would otherwise be null. Remove it once Policy
 * applies these defaults itself.
 */
@Configuration(proxyBeanMethods = false)
@PropertySource("classpath:org/epigrid/people/policy-defaults.properties")
class PolicyDefaults {

}
