package org.epigrid.coldchain;

import java.time.OffsetDateTime;

/** A disinfection of a held batch. */
public record Disinfection(long id, long batchId, OffsetDateTime disinfectedAt, String agent, String operatorName) {

}
