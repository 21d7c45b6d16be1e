package org.epigrid.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Relay global ids: base64 of {@code Type:id}. Opaque to clients, stable across releases.
 *
 * @param type the GraphQL type name
 * @param id the database id
 */
public record GlobalId(String type, long id) {

	public String encode() {
		return encode(this.type, this.id);
	}

	public static String encode(String type, long id) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString((type + ":" + id).getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Decodes any global id; a string that is not one is a {@link BadRequestException}.
	 */
	public static GlobalId decode(String globalId) {
		String text;
		try {
			text = new String(Base64.getUrlDecoder().decode(globalId), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException("'" + abbreviate(globalId) + "' is not a valid id");
		}
		int colon = text.indexOf(':');
		if (colon <= 0) {
			throw new BadRequestException("'" + abbreviate(globalId) + "' is not a valid id");
		}
		try {
			return new GlobalId(text.substring(0, colon), Long.parseLong(text.substring(colon + 1)));
		}
		catch (NumberFormatException ex) {
			throw new BadRequestException("'" + abbreviate(globalId) + "' is not a valid id");
		}
	}

	/** Decodes a global id that must be of the given type. */
	public static long decode(String globalId, String expectedType) {
		GlobalId decoded = decode(globalId);
		if (!decoded.type().equals(expectedType)) {
			throw new BadRequestException(
					"id '" + abbreviate(globalId) + "' is a " + decoded.type() + ", expected a " + expectedType);
		}
		return decoded.id();
	}

	private static String abbreviate(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "…" : value;
	}

}
