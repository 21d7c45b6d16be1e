package org.epigrid.coldchain;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.UserError;

/** Inputs and payloads of the cold-chain mutations. */
final class ColdChainInputs {

	private ColdChainInputs() {
	}

	record RegisterColdChainBatchInput(String batchNo, String product, String originCountry,
			@Nullable String portOfEntry, BigDecimal quantityKg, String warehouse, OffsetDateTime arrivedAt) {
	}

	record RecordDisinfectionInput(String batch, @Nullable OffsetDateTime disinfectedAt, String agent,
			String operatorName) {
	}

	record CollectPackageSampleInput(String batch, String barcode, PackageSpecimen specimen, @Nullable String lab,
			@Nullable OffsetDateTime collectedAt) {
	}

	record RecordPackageSampleResultInput(String barcode, PackageSampleResult result,
			@Nullable OffsetDateTime resultedAt) {
	}

	record ReleaseColdChainBatchInput(String batch, @Nullable Integer expectedVersion) {
	}

	record DestroyColdChainBatchInput(String batch, String reason, @Nullable Integer expectedVersion) {
	}

	record RecallColdChainBatchInput(String batch, String reason, @Nullable Integer expectedVersion) {
	}

	record RecordColdChainMovementInput(String batch, String from, String to, BigDecimal quantityKg,
			@Nullable OffsetDateTime movedAt, @Nullable String handler) {
	}

	/** Payload of the mutations that return a batch only. */
	record BatchPayload(@Nullable ColdChainBatch batch, List<UserError> errors) {
	}

	record DisinfectionPayload(@Nullable Disinfection disinfection, @Nullable ColdChainBatch batch,
			List<UserError> errors) {
	}

	record SamplePayload(@Nullable BatchSample sample, @Nullable ColdChainBatch batch, List<UserError> errors) {
	}

	record MovementPayload(@Nullable ColdChainMovement movement, @Nullable ColdChainBatch batch,
			List<UserError> errors) {
	}

}
