package org.spineoutcomes.dashboard;

import java.net.URI;
import java.util.Map;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum;

/**
 * The dashboard: a consumer of the compacted sink topics filling the state, and the HTTP server showing it.
 * It shares nothing with the streams application but the cluster, so it runs anywhere, in as many copies as
 * needed, and rebuilds the same view from the topics whenever it starts.
 */
public final class Dashboard implements AutoCloseable {

  /** Where to listen and who may read: bind address, port (0 = any free) and an optional token. */
  public record Options(String bind, int port, String token) {
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public static Options localhost(int port) {
      return new Options(DEFAULT_BIND, port, null);
    }
  }

  private final DashboardState state;
  private final SinkReader reader;
  private final DashboardServer server;

  private Dashboard(DashboardState state, SinkReader reader, DashboardServer server) {
    this.state = state;
    this.reader = reader;
    this.server = server;
  }

  /**
   * Starts reading the cluster described by {@code kafka} (Kafka client properties, bootstrap.servers at
   * least; the cusum.* properties, if any, set the CUSUM limits the charts draw, as they do the streams') and
   * serving the page. Fails before opening anything when the access rule refuses the options.
   */
  public static Dashboard start(Map<String, Object> kafka, Options options) {
    AccessRule access = AccessRule.forBinding(options.bind(), options.token());
    RiskAdjustedCusum.Settings cusum = cusumSettings(kafka);
    DashboardState state = new DashboardState();
    DashboardServer server = DashboardServer.start(state, options.bind(), options.port(), access, cusum);
    try {
      SinkReader reader = new SinkReader(kafka, state).start();
      return new Dashboard(state, reader, server);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  /** The CUSUM design from cusum.* properties, as the streams read it; Steiner et al.'s by default. */
  static RiskAdjustedCusum.Settings cusumSettings(Map<String, Object> props) {
    return RiskAdjustedCusum.Settings.fromProperties(props);
  }

  /** The page's address (without the token). */
  public URI url() {
    return server.url();
  }

  public int port() {
    return server.port();
  }

  public DashboardState state() {
    return state;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      reader.close();
    }
  }
}
