package org.epigrid.privacy;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keys of personal data at rest ({@code epigrid.privacy.*}). Never printed.
 *
 * @param encryptionKey AES-256 key, 32 bytes in base64
 * ({@code EPIGRID_PRIVACY_ENCRYPTION_KEY})
 * @param lookupKey HMAC-SHA256 key of the lookup hashes, 32 bytes in base64, different
 * from the encryption key ({@code EPIGRID_PRIVACY_LOOKUP_KEY})
 * @param keyVersion version of {@code encryptionKey}, stored in every value it encrypts
 * @param retiredEncryptionKeys earlier encryption keys by version: values encrypted with
 * them are still read, and re-encrypted with the current key at start-up
 * @param keyFile where the embedded default keeps its generated keys; empty =
 * {@code privacy-keys} beside the embedded data directory
 */
@ConfigurationProperties("epigrid.privacy")
public record PrivacyProperties(@Nullable String encryptionKey, @Nullable String lookupKey,
		@DefaultValue("1") int keyVersion, @Nullable Map<Integer, String> retiredEncryptionKeys,
		@Nullable String keyFile) {

	@Override
	public String toString() {
		return "PrivacyProperties[keyVersion=" + this.keyVersion + ", retiredVersions="
				+ ((this.retiredEncryptionKeys != null) ? this.retiredEncryptionKeys.keySet() : "[]") + ", keyFile="
				+ this.keyFile + "]";
	}

}
