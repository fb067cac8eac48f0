package org.spineoutcomes.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read the dashboard's data. Bound to a loopback address it needs no token (only this machine can
 * reach it); bound to any other address it refuses to start without one. With a token, every /api request
 * must carry it, as "Authorization: Bearer TOKEN" or as "?token=TOKEN" (for EventSource, which cannot set
 * headers). The page itself and its scripts hold no data and are served to anyone who can connect.
 */
public final class AccessRule {

  /** Fewer characters than this are too easily guessed. */
  public static final int MIN_TOKEN_LENGTH = 16;

  private final byte[] token;

  private AccessRule(String token) {
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The rule for a server bound to {@code bind}: fails with a message saying what to do when the address is
   * not loopback and no token is given, or when the token is too short.
   */
  public static AccessRule forBinding(String bind, String token) {
    boolean hasToken = token != null && !token.isBlank();
    if (hasToken && token.strip().length() < MIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException("The dashboard token must have at least " + MIN_TOKEN_LENGTH
          + " characters (e.g. openssl rand -hex 24)");
    }
    if (!hasToken && !isLoopback(bind)) {
      throw new IllegalArgumentException("The dashboard binds to " + bind + ", which is not a loopback address: "
          + "give a token (--token or SPINE_DASHBOARD_TOKEN) so that only those who have it can read the data, "
          + "or bind to 127.0.0.1");
    }
    return new AccessRule(hasToken ? token.strip() : null);
  }

  /** True when requests must carry the token. */
  public boolean tokenRequired() {
    return token != null;
  }

  /** Whether a request with this Authorization header and this token query parameter may read data. */
  public boolean allows(String authorizationHeader, String tokenParameter) {
    if (token == null) {
      return true;
    }
    String offered = null;
    if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
      offered = authorizationHeader.substring(7).strip();
    } else if (tokenParameter != null) {
      offered = tokenParameter.strip();
    }
    return offered != null && MessageDigest.isEqual(token, offered.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether a bind address (a name or a literal) is a loopback address; unresolvable names are not. */
  public static boolean isLoopback(String bind) {
    if (bind == null || bind.isBlank()) {
      return false;
    }
    try {
      InetAddress[] all = InetAddress.getAllByName(bind.strip());
      for (InetAddress a : all) {
        if (!a.isLoopbackAddress()) {
          return false;
        }
      }
      return all.length > 0;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
