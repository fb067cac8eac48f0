package org.spineoutcomes.ingest.contract;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed pseudonym of a patient: lowercase hex of HMAC-SHA-256, under the deployment's secret, over
 * {@code hospitalId + U+001F + patientId} (both UTF-8). The same patient of the same hospital always gets the same
 * pseudonym under one secret; without the secret the pseudonym cannot be reversed or recomputed.
 *
 * <p>Thread-safe: each thread uses its own {@link Mac}. The secret is never printed by {@link #toString()}.
 * The separator cannot occur in ids accepted by {@link EventParser} (control characters are rejected there),
 * so the encoding is unambiguous for every accepted event.
 */
public final class Pseudonymizer {

  /** Separator between hospitalId and patientId in the HMAC input (ASCII unit separator). */
  public static final char SEPARATOR = '\u001f';

  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();

  private final SecretKeySpec key;
  private final ThreadLocal<Mac> macs;

  /** @param secret the HMAC key; must not be empty. The array is copied. */
  public Pseudonymizer(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length == 0) {
      throw new IllegalArgumentException("the pseudonymisation secret must not be empty");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    newMac(); // fail fast if the JVM lacks HmacSHA256
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  /** @param secret the HMAC key, used as its UTF-8 bytes; must not be empty. */
  public Pseudonymizer(String secret) {
    this(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
  }

  /** The 64-character lowercase hex pseudonym of {@code patientId} at {@code hospitalId}. */
  public String pseudonym(String hospitalId, String patientId) {
    Objects.requireNonNull(hospitalId, "hospitalId");
    Objects.requireNonNull(patientId, "patientId");
    Mac mac = macs.get();
    mac.update(hospitalId.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) SEPARATOR);
    mac.update(patientId.getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(mac.doFinal());
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "Pseudonymizer[HMAC-SHA-256, secret hidden]";
  }
}
