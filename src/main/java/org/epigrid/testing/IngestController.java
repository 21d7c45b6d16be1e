package org.epigrid.testing;

import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.http.HttpServletRequest;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import org.epigrid.access.Caller;
import org.epigrid.support.Actor;
import org.epigrid.testing.CsvIngest.MalformedUpload;
import org.epigrid.testing.CsvIngest.Report;

/**
 * Bulk ingestion over HTTP: {@code POST /ingest/samples} and {@code POST /ingest/results}
 * take a UTF-8 CSV ({@code Content-Type: text/csv}) and answer with what was applied,
 * unchanged and rejected. Each upload is logged with its counts and rate (never row
 * contents) and counted in {@code epigrid.ingest.rows{kind,outcome}}. Area-scoped keys
 * record only the rows of their area ({@link IngestScope}); the others are rejected with
 * FORBIDDEN.
 */
@RestController
@RequestMapping(path = "/ingest", produces = MediaType.APPLICATION_JSON_VALUE)
class IngestController {

	private static final Logger log = LoggerFactory.getLogger(IngestController.class);

	/**
	 * Roles that record samples and results (the testing writers of the access matrix).
	 */
	private static final List<String> WRITERS = List.of("ADMIN", "COMMAND_CENTER", "LAB", "AREA_OFFICER");

	private static final Pattern ACTOR = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

	private final CsvIngest ingest;

	private final IngestProperties properties;

	private final MeterRegistry meters;

	IngestController(CsvIngest ingest, IngestProperties properties, MeterRegistry meters) {
		this.ingest = ingest;
		this.properties = properties;
		this.meters = meters;
	}

	@PostMapping(path = "/samples", consumes = "text/csv")
	Report samples(InputStream body, @RequestHeader HttpHeaders headers, HttpServletRequest request,
			@RequestAttribute(name = Actor.KEY, required = false) @Nullable Actor actor,
			@RequestAttribute(name = Caller.KEY, required = false) @Nullable Caller caller) {
		return upload("samples", headers, request,
				() -> this.ingest.samples(body, name(actor), IngestScope.of(caller)));
	}

	@PostMapping(path = "/results", consumes = "text/csv")
	Report results(InputStream body, @RequestHeader HttpHeaders headers, HttpServletRequest request,
			@RequestAttribute(name = Actor.KEY, required = false) @Nullable Actor actor,
			@RequestAttribute(name = Caller.KEY, required = false) @Nullable Caller caller) {
		return upload("results", headers, request,
				() -> this.ingest.results(body, name(actor), IngestScope.of(caller)));
	}

	@ExceptionHandler
	ResponseEntity<UploadError> malformed(MalformedUpload ex) {
		return ResponseEntity.badRequest().body(new UploadError(ex.code(), ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<UploadError> forbidden(NotAllowed ex) {
		return ResponseEntity.status(HttpStatus.FORBIDDEN)
			.body(new UploadError("FORBIDDEN", "the key's role does not record samples or results"));
	}

	@ExceptionHandler({ DataIntegrityViolationException.class, OptimisticLockingFailureException.class })
	ResponseEntity<UploadError> concurrent(RuntimeException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.body(new UploadError("CONFLICT",
					"another upload recorded some of these barcodes at the same moment; nothing was applied, "
							+ "send the file again"));
	}

	/** The caller's role may not write testing records. */
	static class NotAllowed extends RuntimeException {

	}

	/**
	 * The body of a refused upload.
	 *
	 * @param error {@code NO_HEADER}, {@code BAD_HEADER}, {@code NOT_UTF8},
	 * {@code MALFORMED_CSV}, {@code TOO_LARGE}, {@code FORBIDDEN} or {@code CONFLICT}
	 * @param message what was wrong
	 */
	record UploadError(String error, String message) {
	}

	private Report upload(String kind, HttpHeaders headers, HttpServletRequest request, Supplier<Report> ingest) {
		if (WRITERS.stream().noneMatch(request::isUserInRole)) {
			throw new NotAllowed();
		}
		MediaType type = headers.getContentType();
		Charset charset = (type != null) ? type.getCharset() : null;
		if (charset != null && !charset.equals(StandardCharsets.UTF_8)) {
			throw new MalformedUpload("NOT_UTF8", "the file must be UTF-8, not " + charset.name());
		}
		if (headers.getContentLength() > this.properties.maxSize().toBytes()) {
			throw new MalformedUpload("TOO_LARGE",
					"the file is larger than " + this.properties.maxSize().toMegabytes() + " MB; split it");
		}
		long started = System.nanoTime();
		Report report = ingest.get();
		long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
		count(kind, "applied", report.applied());
		count(kind, "unchanged", report.unchanged());
		count(kind, "rejected", report.rejectedCount());
		log.info("Ingested {} CSV: {} rows, {} applied, {} unchanged, {} rejected in {} ms ({} rows/s)", kind,
				report.received(), report.applied(), report.unchanged(), report.rejectedCount(), millis,
				report.received() * 1000 / millis);
		return report;
	}

	private void count(String kind, String outcome, long rows) {
		Counter.builder("epigrid.ingest.rows")
			.description("CSV rows ingested, by file kind and outcome")
			.tags("kind", kind, "outcome", outcome)
			.register(this.meters)
			.increment(rows);
	}

	/** The caller the authentication filter named, as the audit columns record it. */
	private static String name(@Nullable Actor actor) {
		return (actor != null && ACTOR.matcher(actor.name()).matches()) ? actor.name() : Actor.ANONYMOUS.name();
	}

}
