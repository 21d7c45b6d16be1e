package org.epigrid.access;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.epigrid.support.TestData;
import org.epigrid.support.TestData.Ref;

import static org.epigrid.jooq.Tables.CAMPAIGN;
import static org.epigrid.jooq.Tables.SAMPLE;
import static org.epigrid.jooq.Tables.TEST_TASK;

/**
 * A city with two counties ("ours" and "theirs"), each down to a grid with a testing
 * site, a laboratory and residents; and the records the scope tests put into them.
 */
final class TwoCounties {

	private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

	private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();

	final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	final Ref city;

	final Ref ours;

	final Ref ourGrid;

	final Ref theirs;

	final Ref theirGrid;

	final long ourSite;

	final long ourLab;

	final long theirSite;

	final long theirLab;

	private final TestData data;

	private final DSLContext db;

	TwoCounties(TestData data, DSLContext db, String prefix) {
		this.data = data;
		this.db = db;
		this.city = data.city(prefix + "市");
		this.ours = data.county(this.city, prefix + "本区");
		this.ourGrid = grid(this.ours, prefix + "本");
		this.theirs = data.county(this.city, prefix + "邻区");
		this.theirGrid = grid(this.theirs, prefix + "邻");
		this.ourSite = data.site(this.ourGrid, "TESTING_SITE", prefix + "本采样点");
		this.ourLab = data.site(this.ourGrid, "LAB", prefix + "本实验室");
		this.theirSite = data.site(this.theirGrid, "TESTING_SITE", prefix + "邻采样点");
		this.theirLab = data.site(this.theirGrid, "LAB", prefix + "邻实验室");
	}

	private Ref grid(Ref county, String prefix) {
		Ref township = this.data.below(county, "TOWNSHIP", prefix + "街道");
		Ref community = this.data.below(township, "COMMUNITY", prefix + "社区");
		return this.data.below(community, "GRID", prefix + "网格");
	}

	static String barcode(String prefix) {
		return prefix + "-" + RUN + "-" + String.format("%06d", SEQUENCE.getAndIncrement());
	}

	/**
	 * A PCR sample of a resident of {@code residence}, collected 30 hours ago at
	 * {@code site}, received at {@code lab} (when not null), without result and overdue.
	 */
	Tube tube(Ref residence, long site, @Nullable Long lab) {
		long person = this.data.person(residence, "受检者");
		String barcode = barcode("SC");
		OffsetDateTime collected = this.now.minusHours(30);
		long id = this.db.insertInto(SAMPLE)
			.set(SAMPLE.BARCODE, barcode)
			.set(SAMPLE.KIND, "PCR")
			.set(SAMPLE.SPECIMEN, "OROPHARYNGEAL_SWAB")
			.set(SAMPLE.PURPOSE, "ROUTINE")
			.set(SAMPLE.PERSON_ID, person)
			.set(SAMPLE.PLACE_ID, residence.id())
			.set(SAMPLE.COLLECTION_SITE_ID, site)
			.set(SAMPLE.LAB_SITE_ID, lab)
			.set(SAMPLE.COLLECTED_AT, collected)
			.set(SAMPLE.RECEIVED_AT, (lab != null) ? collected.plusHours(2) : null)
			.set(SAMPLE.DUE_AT, collected.plusHours(24))
			.returning(SAMPLE.ID)
			.fetchOne(SAMPLE.ID);
		return new Tube(id, barcode, person);
	}

	long campaign(Ref area) {
		return this.db.insertInto(CAMPAIGN)
			.set(CAMPAIGN.NAME, "全员检测 " + area.code())
			.set(CAMPAIGN.PLACE_ID, area.id())
			.set(CAMPAIGN.STARTS_ON, LocalDate.now().minusDays(1))
			.set(CAMPAIGN.ENDS_ON, LocalDate.now().plusDays(1))
			.returning(CAMPAIGN.ID)
			.fetchOne(CAMPAIGN.ID);
	}

	long testTask(long person) {
		return this.db.insertInto(TEST_TASK)
			.set(TEST_TASK.PERSON_ID, person)
			.set(TEST_TASK.PURPOSE, "RETURNEE")
			.set(TEST_TASK.REASON, "returnee")
			.set(TEST_TASK.SOURCE_KIND, "MANUAL")
			.set(TEST_TASK.DUE_AT, this.now.plusHours(12))
			.returning(TEST_TASK.ID)
			.fetchOne(TEST_TASK.ID);
	}

	/** A sample in the database: its id, barcode and person. */
	record Tube(long id, String barcode, long person) {
	}

}
