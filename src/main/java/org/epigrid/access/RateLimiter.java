package org.epigrid.access;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import org.springframework.stereotype.Component;

/**
 * Per-key rate limit (Bucket4j, in memory, per instance): {@code rate_limit} of the key
 * or {@code epigrid.security.rate-limit} requests per
 * {@code epigrid.security.rate-window}, refilled all at once at the end of each window.
 */
@Component
class RateLimiter {

	private final AccessProperties properties;

	private final Map<Long, Limited> buckets = new ConcurrentHashMap<>();

	RateLimiter(AccessProperties properties) {
		this.properties = properties;
	}

	ConsumptionProbe tryConsume(Caller caller) {
		int limit = (caller.rateLimit() != null) ? caller.rateLimit() : this.properties.rateLimit();
		Limited limited = this.buckets.compute(caller.keyId(),
				(id, existing) -> (existing != null && existing.limit() == limit) ? existing
						: new Limited(limit, bucket(limit)));
		return limited.bucket().tryConsumeAndReturnRemaining(1);
	}

	private Bucket bucket(int limit) {
		return Bucket.builder()
			.addLimit((bandwidth) -> bandwidth.capacity(limit).refillIntervally(limit, this.properties.rateWindow()))
			.build();
	}

	private record Limited(int limit, Bucket bucket) {
	}

}
