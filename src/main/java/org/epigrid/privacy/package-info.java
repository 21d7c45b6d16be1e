/**
 * Personal data at rest: ID numbers and phones are stored encrypted (AES-256-GCM, a
 * random nonce per value, the key version in the first byte) beside a keyed hash
 * (HMAC-SHA256 under a separate lookup key) that answers exact lookups and keeps ID
 * numbers unique. Keys come from configuration ({@code epigrid.privacy.*}); on the
 * embedded default without configured keys they are generated once and kept in a file
 * beside the data directory. Nothing here ever logs a key or a value.
 */
@NullMarked
package org.epigrid.privacy;

import org.jspecify.annotations.NullMarked;
