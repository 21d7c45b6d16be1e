package org.epigrid.testing;

import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.epigrid.support.ErrorCode;
import org.epigrid.support.UserError;

/** Inputs and payloads of the sample, pool and result mutations. */
final class SampleInputs {

	private SampleInputs() {
	}

	record CollectSampleInput(String barcode, SampleKind kind, Specimen specimen, SamplePurpose purpose, String person,
			@Nullable String collectionSite, @Nullable String lab, @Nullable String campaign,
			@Nullable OffsetDateTime collectedAt, @Nullable CollectIntoPoolInput pool) {
	}

	record CollectIntoPoolInput(String barcode, @Nullable Integer size) {
	}

	record CollectSamplePayload(@Nullable Sample sample, List<UserError> errors) {
	}

	record ClosePoolInput(String barcode, @Nullable OffsetDateTime closedAt) {
	}

	record ClosePoolPayload(@Nullable Pool pool, List<UserError> errors) {
	}

	record ReceiveSamplesInput(List<String> barcodes, String lab, @Nullable OffsetDateTime receivedAt) {
	}

	record ReceiveSamplesPayload(List<Sample> samples, List<Pool> pools, List<UserError> errors) {
	}

	record ReportResultInput(String barcode, SampleResult result, @Nullable Double ctValue, OffsetDateTime resultedAt) {
	}

	record ReportResultPayload(@Nullable Sample sample, @Nullable Pool pool, boolean unchanged,
			List<UserError> errors) {
	}

	record ReportResultsInput(List<ResultInput> results) {
	}

	record ResultInput(String barcode, SampleResult result, @Nullable Double ctValue, OffsetDateTime resultedAt) {
	}

	record ReportResultsPayload(long received, long applied, long unchanged, long rejected,
			List<ResultRowError> rowErrors, List<UserError> errors) {

		static ReportResultsPayload refused(List<UserError> errors) {
			return new ReportResultsPayload(0, 0, 0, 0, List.of(), errors);
		}

	}

	record ResultRowError(long index, @Nullable String barcode, ErrorCode code, String message,
			@Nullable String field) {
	}

}
