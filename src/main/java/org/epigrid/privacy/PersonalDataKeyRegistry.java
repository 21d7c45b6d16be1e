package org.epigrid.privacy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Collection;

import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import org.epigrid.jooq.tables.records.PersonalDataKeyRecord;
import org.epigrid.privacy.PersonalDataCipher.UnreadablePersonalData;
import org.epigrid.privacy.PersonalDataKeys.InvalidPersonalDataKey;

import static org.epigrid.jooq.Tables.PERSONAL_DATA_KEY;

/**
 * The table {@code personal_data_key}: one row per encryption key version in use, with a
 * value encrypted under it and a hash under the lookup key (no key material). Checked at
 * start-up, so that keys that do not fit the data (a lost key file, a mistyped variable)
 * stop the application before it writes rows nobody can read or look up.
 */
@Component
public class PersonalDataKeyRegistry {

	private static final Logger log = LoggerFactory.getLogger(PersonalDataKeyRegistry.class);

	/** Encrypted and hashed under every key to recognise it again (normalised form). */
	private static final String CHECK = "EPIGRID PERSONAL DATA KEY CHECK";

	private final DSLContext db;

	public PersonalDataKeyRegistry(DSLContext db) {
		this.db = db;
	}

	/**
	 * Checks the cipher's keys against the recorded ones and records the current version
	 * when it is new.
	 * @param generatedFile the key file when the keys were generated just now (deleted
	 * again when they do not fit)
	 */
	public void verify(PersonalDataCipher cipher, @Nullable Path generatedFile) {
		try {
			byte[] lookupCheck = cipher.hash(PersonalField.ID_NUMBER, CHECK);
			for (PersonalDataKeyRecord row : this.db.selectFrom(PERSONAL_DATA_KEY)
				.orderBy(PERSONAL_DATA_KEY.VERSION)
				.fetch()) {
				check(row, cipher, lookupCheck, generatedFile);
			}
			int recorded = this.db.insertInto(PERSONAL_DATA_KEY)
				.set(PERSONAL_DATA_KEY.VERSION, (short) cipher.keyVersion())
				.set(PERSONAL_DATA_KEY.ENCRYPTION_CHECK, cipher.encrypt(PersonalField.ID_NUMBER, CHECK))
				.set(PERSONAL_DATA_KEY.LOOKUP_CHECK, lookupCheck)
				.onConflictDoNothing()
				.execute();
			if (recorded == 0) {
				// known before, or recorded meanwhile by another instance starting up
				check(this.db.fetchSingle(PERSONAL_DATA_KEY, PERSONAL_DATA_KEY.VERSION.eq((short) cipher.keyVersion())),
						cipher, lookupCheck, generatedFile);
			}
		}
		catch (RuntimeException ex) {
			if (generatedFile != null) {
				try {
					Files.deleteIfExists(generatedFile);
				}
				catch (java.io.IOException ignored) {
					// the refusal says what to do
				}
			}
			throw ex;
		}
	}

	private static void check(PersonalDataKeyRecord row, PersonalDataCipher cipher, byte[] lookupCheck,
			@Nullable Path generatedFile) {
		int version = row.getVersion();
		if (!cipher.keyVersions().contains(version)) {
			throw new InvalidPersonalDataKey("the database holds personal data encrypted with key version " + version
					+ ", which is not configured: configure it as the current key (epigrid.privacy.key-version) or "
					+ "under epigrid.privacy.retired-encryption-keys." + version);
		}
		boolean fits;
		try {
			fits = CHECK.equals(cipher.decrypt(PersonalField.ID_NUMBER, row.getEncryptionCheck()));
		}
		catch (UnreadablePersonalData ex) {
			fits = false;
		}
		if (!fits) {
			throw new InvalidPersonalDataKey("the encryption key of version " + version
					+ " is not the one the database's personal data was encrypted with" + lost(generatedFile));
		}
		if (!MessageDigest.isEqual(lookupCheck, row.getLookupCheck())) {
			throw new InvalidPersonalDataKey("the lookup key is not the one the database's lookup hashes "
					+ "were made with (lookups and duplicate checks would fail)" + lost(generatedFile));
		}
	}

	private static String lost(@Nullable Path generatedFile) {
		return (generatedFile != null)
				? "; the key file " + generatedFile
						+ " was missing and fresh keys cannot read the existing data: restore the file from a backup"
				: "";
	}

	/**
	 * Forgets key versions that no stored value uses any more (after re-encryption with
	 * the current key), so that they need not stay configured.
	 */
	public void forget(Collection<Integer> versions) {
		if (versions.isEmpty()) {
			return;
		}
		this.db.deleteFrom(PERSONAL_DATA_KEY)
			.where(PERSONAL_DATA_KEY.VERSION.in(versions.stream().map(Integer::shortValue).toList()))
			.execute();
		log.info("Personal data: no value is encrypted with key version(s) {} any more; remove them from "
				+ "epigrid.privacy.retired-encryption-keys", versions);
	}

}
