package org.epigrid.privacy;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * A value encrypted by the {@link PersonalDataCipher}, as it is stored (key version,
 * nonce, ciphertext and tag). Compared by content; never shows its bytes.
 */
public final class Sealed {

	private final byte[] bytes;

	private Sealed(byte[] bytes) {
		this.bytes = bytes;
	}

	/** The stored bytes as a value, or null for a null column. */
	public static @Nullable Sealed of(byte @Nullable [] bytes) {
		return (bytes != null) ? new Sealed(bytes) : null;
	}

	/** The stored bytes (not a copy: do not change them). */
	public byte[] bytes() {
		return this.bytes;
	}

	/** Version of the key it was encrypted with. */
	public int keyVersion() {
		return (this.bytes.length > 0) ? this.bytes[0] & 0xff : 0;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other instanceof Sealed sealed && Arrays.equals(this.bytes, sealed.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes);
	}

	@Override
	public String toString() {
		return "Sealed[key version " + keyVersion() + ", " + this.bytes.length + " bytes]";
	}

}
