package org.epigrid.support;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.test.context.TestConfiguration;

import org.epigrid.privacy.PersonalDataCipher;
import org.epigrid.privacy.PersonalField;

import static org.epigrid.jooq.Tables.PERSON;
import static org.epigrid.jooq.Tables.PLACE;
import static org.epigrid.jooq.Tables.RISK_DESIGNATION;
import static org.epigrid.jooq.Tables.SITE;

/**
 * Builds known data for tests. Every call makes fresh codes, so tests never see each
 * other's rows as long as they scope their queries to an area they created ({@code area:}
 * filters).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestData {

	private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

	private final DSLContext db;

	private final PersonalDataCipher cipher;

	public TestData(DSLContext db, PersonalDataCipher cipher) {
		this.db = db;
		this.cipher = cipher;
	}

	/** A place row as tests need it: database id, code, global id. */
	public record Ref(long id, String code) {

		public String globalId() {
			return GlobalId.encode("Place", this.id);
		}

	}

	public Ref city(String name) {
		return place(null, "CITY", String.format("%06d", 100000 + SEQUENCE.getAndIncrement() % 800000), name);
	}

	public Ref county(Ref city, String name) {
		return place(city, "COUNTY", String.format("%06d", 100000 + SEQUENCE.getAndIncrement() % 800000), name);
	}

	/** A township, community or grid: the parent's code plus three digits. */
	public Ref below(Ref parent, String level, String name) {
		return place(parent, level, parent.code() + String.format("%03d", SEQUENCE.getAndIncrement() % 1000), name);
	}

	/** City › county › township › community › grid, returned top down. */
	public Ref[] chain(String prefix) {
		Ref city = city(prefix + "市");
		Ref county = county(city, prefix + "区");
		Ref township = below(county, "TOWNSHIP", prefix + "街道");
		Ref community = below(township, "COMMUNITY", prefix + "社区");
		Ref grid = below(community, "GRID", prefix + "第一网格");
		return new Ref[] { city, county, township, community, grid };
	}

	public Ref place(@Nullable Ref parent, String level, String code, String name) {
		long id = this.db.insertInto(PLACE)
			.set(PLACE.CODE, code)
			.set(PLACE.NAME, name)
			.set(PLACE.LEVEL, level)
			.set(PLACE.PARENT_ID, (parent != null) ? parent.id() : null)
			.set(PLACE.POPULATION, 1000)
			.returning(PLACE.ID)
			.fetchOne(PLACE.ID);
		return new Ref(id, code);
	}

	public long site(Ref place, String type, String name) {
		return this.db.insertInto(SITE)
			.set(SITE.PLACE_ID, place.id())
			.set(SITE.TYPE, type)
			.set(SITE.NAME, name)
			.set(SITE.VENUE_CODE, "T" + SEQUENCE.getAndIncrement() + "-" + abbreviate(type))
			.set(SITE.ROOMS, type.equals("QUARANTINE_HOTEL") ? 50 : null)
			.set(SITE.DAILY_TEST_CAPACITY, type.equals("LAB") ? 10000 : null)
			.returning(SITE.ID)
			.fetchOne(SITE.ID);
	}

	private static String abbreviate(String type) {
		String letters = type.replace("_", "");
		return letters.substring(0, Math.min(8, letters.length()));
	}

	public long designate(String areaCode, String level, OffsetDateTime from, @Nullable OffsetDateTime to) {
		return this.db.insertInto(RISK_DESIGNATION)
			.set(RISK_DESIGNATION.AREA_CODE, areaCode)
			.set(RISK_DESIGNATION.AREA_NAME, "area " + areaCode)
			.set(RISK_DESIGNATION.LEVEL, level)
			.set(RISK_DESIGNATION.EFFECTIVE_FROM, from)
			.set(RISK_DESIGNATION.EFFECTIVE_TO, to)
			.set(RISK_DESIGNATION.ISSUED_BY, "test")
			.returning(RISK_DESIGNATION.ID)
			.fetchOne(RISK_DESIGNATION.ID);
	}

	/** A person with a fresh, valid 18-character ID number. */
	public long person(Ref residence, String fullName, String... categories) {
		String idNumber = idNumber(SEQUENCE.getAndIncrement());
		String phone = "139" + String.format("%08d", SEQUENCE.getAndIncrement());
		return this.db.insertInto(PERSON)
			.set(PERSON.ID_NUMBER_ENC, this.cipher.encrypt(PersonalField.ID_NUMBER, idNumber))
			.set(PERSON.ID_NUMBER_HASH, this.cipher.hash(PersonalField.ID_NUMBER, idNumber))
			.set(PERSON.ID_NUMBER_REGION, idNumber.substring(0, 6))
			.set(PERSON.FULL_NAME, fullName)
			.set(PERSON.SEX, "FEMALE")
			.set(PERSON.BIRTH_DATE, LocalDate.of(1980, 1, 1))
			.set(PERSON.PHONE_ENC, this.cipher.encrypt(PersonalField.PHONE, phone))
			.set(PERSON.PHONE_HASH, this.cipher.hash(PersonalField.PHONE, phone))
			.set(PERSON.RESIDENCE_PLACE_ID, residence.id())
			.set(PERSON.CATEGORIES, categories)
			.returning(PERSON.ID)
			.fetchOne(PERSON.ID);
	}

	/** The person's ID number, decrypted from the database. */
	public String idNumberOf(long personId) {
		return this.cipher.decrypt(PersonalField.ID_NUMBER,
				this.db.fetchValue(PERSON.ID_NUMBER_ENC, PERSON.ID.eq(personId)));
	}

	/** The person's phone, decrypted from the database; null when there is none. */
	public @Nullable String phoneOf(long personId) {
		byte[] sealed = this.db.fetchValue(PERSON.PHONE_ENC, PERSON.ID.eq(personId));
		return (sealed != null) ? this.cipher.decrypt(PersonalField.PHONE, sealed) : null;
	}

	/** A valid resident ID number (GB 11643 check digit), unique per serial number. */
	public static String idNumber(int serial) {
		String birth = LocalDate.of(1950, 1, 1).plusDays(serial / 1000).format(DateTimeFormatter.BASIC_ISO_DATE);
		String body = "330106" + birth + String.format("%03d", serial % 1000);
		int[] weights = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (body.charAt(i) - '0') * weights[i];
		}
		return body + "10X98765432".charAt(sum % 11);
	}

}
