package org.epigrid.access;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Abuse limits ({@code epigrid.limits.*}); the statement timeout is
 * {@code epigrid.limits.statement-timeout}, applied to every database connection.
 *
 * @param maxDepth deepest field nesting of a document
 * @param maxComplexity most fields a document may select (each alias counts)
 * @param maxRequestSize largest request body
 */
@ConfigurationProperties("epigrid.limits")
public record LimitProperties(@DefaultValue("15") int maxDepth, @DefaultValue("2000") int maxComplexity,
		@DefaultValue("1MB") DataSize maxRequestSize) {

}
