package org.epigrid.access;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Security settings ({@code epigrid.security.*}).
 *
 * @param bootstrapAdminKey when set ({@code EPIGRID_BOOTSTRAP_ADMIN_KEY}), an ADMIN key
 * with this value exists after start
 * @param bootstrapAdminName name (actor) of the bootstrap ADMIN key
 * @param adminKeyFile where a generated ADMIN key is written on the embedded default;
 * empty = {@code admin-api-key} beside the embedded data directory
 * @param rateLimit default requests per window and key
 * @param rateWindow the rate-limit window
 * @param auditQueueCapacity audit records waiting to be written before requests wait
 * @param introspectionRoles roles that may use introspection ({@code __schema},
 * {@code __type}); {@code __typename} is always allowed
 * @param auditQueueWait how long a request waits for room in a full audit queue before
 * writing its record itself
 * @param partnerAllowList whether PARTNER keys may only run persisted (allow-listed)
 * documents
 * @param persistedQueries where the persisted documents are: resource patterns of
 * {@code .graphql} files, each identified by the SHA-256 of its text
 */
@ConfigurationProperties("epigrid.security")
public record AccessProperties(@Nullable String bootstrapAdminKey,
		@DefaultValue("bootstrap-admin") String bootstrapAdminName, @Nullable String adminKeyFile,
		@DefaultValue("600") int rateLimit, @DefaultValue("1m") Duration rateWindow,
		@DefaultValue("10000") int auditQueueCapacity, @DefaultValue("200ms") Duration auditQueueWait, @DefaultValue( {
				"ADMIN", "COMMAND_CENTER", "AREA_OFFICER", "LAB", "SUPPLY_OFFICER",
				"ANALYST" }) Set<Role> introspectionRoles,
		@DefaultValue("true") boolean partnerAllowList,
		@DefaultValue("classpath*:graphql/persisted/**/*.graphql") List<String> persistedQueries){

}
