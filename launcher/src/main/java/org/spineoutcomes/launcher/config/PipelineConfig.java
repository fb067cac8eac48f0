package org.spineoutcomes.launcher.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Configuration with Kafka's own property names (bootstrap.servers, application.id, state.dir, ...) plus a
 * few of our own. Later sources override earlier ones: built-in defaults, a properties file (--config),
 * environment variables (SPINE_ + the property name upper-cased with dots as underscores, e.g.
 * SPINE_BOOTSTRAP_SERVERS, SPINE_PSEUDONYM_SECRET), then command-line options.
 */
public final class PipelineConfig {

  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  /** Secret key of the HMAC that turns patient ids into pseudonyms. Set it in production. */
  public static final String PSEUDONYM_SECRET = "pseudonym.secret";
  /** Partitions of the topics the pipeline creates. */
  public static final String TOPIC_PARTITIONS = "topic.partitions";
  /** How often changed strata have their comparisons recomputed and published, ms. */
  public static final String EMIT_INTERVAL_MS = "emit.interval.ms";

  /** The token the dashboard asks for (SPINE_DASHBOARD_TOKEN); needed when it binds beyond loopback. */
  public static final String DASHBOARD_TOKEN = "dashboard.token";

  /** Used only when no secret is configured, and announced loudly: fine for synthetic data, never for patients. */
  public static final String DEMO_SECRET = "spine-outcomes-demo-secret-not-for-real-patients";

  private static final String ENV_PREFIX = "SPINE_";
  /** Our own keys, which are not passed on to Kafka clients. */
  private static final java.util.Set<String> OWN_KEYS =
      java.util.Set.of(PSEUDONYM_SECRET, TOPIC_PARTITIONS, EMIT_INTERVAL_MS, DASHBOARD_TOKEN);

  private final Map<String, String> values;

  private PipelineConfig(Map<String, String> values) {
    this.values = values;
  }

  public static PipelineConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
    Map<String, String> v = new TreeMap<>();
    v.put(TOPIC_PARTITIONS, "4");
    v.put(EMIT_INTERVAL_MS, "1000");
    if (file != null) {
      Properties props = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        props.load(r);
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read configuration file " + file + ": " + e.getMessage()
            + " (check the path given to --config)", e);
      }
      props.stringPropertyNames().forEach(k -> v.put(k, props.getProperty(k)));
    }
    env.forEach((name, value) -> {
      if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
        v.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
      }
    });
    overrides.forEach((k, val) -> {
      if (val != null) {
        v.put(k, val);
      }
    });
    PipelineConfig config = new PipelineConfig(v);
    config.atLeast(TOPIC_PARTITIONS, 1, "partitions per topic");
    config.atLeast(EMIT_INTERVAL_MS, MIN_EMIT_INTERVAL_MS, "milliseconds, e.g. 1000 to publish changes every second");
    return config;
  }

  /**
   * The shortest emit interval: the procedure and patient stages flush twice per interval, on wall-clock ticks of
   * at least a millisecond.
   */
  public static final int MIN_EMIT_INTERVAL_MS = 100;

  private void atLeast(String key, int min, String unit) {
    int value = intValue(key);
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + " (" + unit + "), got " + value);
    }
  }

  public String get(String key) {
    return values.get(key);
  }

  public boolean has(String key) {
    return values.get(key) != null && !values.get(key).isBlank();
  }

  public int partitions() {
    return intValue(TOPIC_PARTITIONS);
  }

  public Duration emitInterval() {
    return Duration.ofMillis(intValue(EMIT_INTERVAL_MS));
  }

  public boolean hasPseudonymSecret() {
    return has(PSEUDONYM_SECRET);
  }

  public String pseudonymSecret() {
    return has(PSEUDONYM_SECRET) ? get(PSEUDONYM_SECRET) : DEMO_SECRET;
  }

  /** The Kafka client properties (everything but our own keys), with bootstrap.servers set. */
  public Map<String, Object> kafka(String bootstrapServers) {
    Map<String, Object> m = new HashMap<>();
    values.forEach((k, val) -> {
      if (!OWN_KEYS.contains(k)) {
        m.put(k, val);
      }
    });
    m.put(BOOTSTRAP_SERVERS, bootstrapServers);
    return m;
  }

  private int intValue(String key) {
    try {
      return Integer.parseInt(values.get(key).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + values.get(key) + "'", e);
    }
  }
}
