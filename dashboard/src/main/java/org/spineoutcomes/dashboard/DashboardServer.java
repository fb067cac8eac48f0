package org.spineoutcomes.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.UnauthorizedResponse;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import java.net.URI;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spineoutcomes.statistics.monitoring.RiskAdjustedCusum;

/**
 * The dashboard's HTTP server (Javalin on Jetty): the page and its scripts, Chart.js from its WebJar, the
 * JSON API under /api and server-sent events at /api/events announcing each new version of the state.
 */
public final class DashboardServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String WEB_ROOT = "/org/spineoutcomes/dashboard/web";
  /** How often a changed state is pushed at most, and how often an idle connection hears a heartbeat. */
  private static final long PUSH_INTERVAL_MS = 500;
  private static final long HEARTBEAT_MS = 15_000;
  private static final int MAX_EVENT_CLIENTS = 200;

  private final DashboardState state;
  private final DashboardApi api;
  private final AccessRule access;
  private final Javalin app;
  private final String host;
  private final Queue<SseClient> clients = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService pusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "dashboard-push");
    t.setDaemon(true);
    return t;
  });
  private volatile long pushedVersion = -1;
  private volatile long lastHeartbeat = System.currentTimeMillis();

  private DashboardServer(DashboardState state, String bind, int port, AccessRule access,
      RiskAdjustedCusum.Settings cusum) {
    this.state = state;
    this.api = new DashboardApi(state, cusum);
    this.access = access;
    this.host = bind;
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.host = bind;
      config.jetty.port = port;
      config.staticFiles.enableWebjars();
      config.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = WEB_ROOT;
        files.location = Location.CLASSPATH;
        files.headers = Map.of("Cache-Control", "no-cache");
      });
      var routes = config.routes;
      routes.before(this::securityHeaders);
      routes.before("/api/*", this::authorize);
      routes.get("/api/status", ctx -> json(ctx, api.status()));
      routes.get("/api/headline", ctx -> json(ctx, api.headline()));
      routes.get("/api/metrics", ctx -> json(ctx, api.metrics()));
      routes.get("/api/strata", ctx -> json(ctx, api.strata(required(ctx, "dimension"), required(ctx, "metric"))));
      routes.get("/api/comparisons", ctx -> json(ctx,
          api.comparisons(ctx.queryParam("dimension"), ctx.queryParam("value"), ctx.queryParam("metric"))));
      routes.get("/api/comparisons/{dimension}/{value}/{metric}", ctx -> json(ctx,
          api.comparison(ctx.pathParam("dimension"), ctx.pathParam("value"), ctx.pathParam("metric"))
              .orElseThrow(() -> new NotFoundResponse("No comparison " + ctx.pathParam("dimension") + "/"
                  + ctx.pathParam("value") + "/" + ctx.pathParam("metric")))));
      routes.get("/api/data-quality", ctx -> json(ctx, api.dataQuality()));
      routes.get("/api/monitoring", ctx -> json(ctx, api.monitoring()));
      routes.get("/api/monitoring/series", ctx -> json(ctx, api.series(required(ctx, "provider"))
          .orElseThrow(() -> new NotFoundResponse("No provider " + ctx.queryParam("provider")))));
      routes.sse("/api/events", this::subscribe);
    });
  }

  /**
   * Starts a server bound to {@code bind}:{@code port} (0 = any free port); an address or port that cannot be
   * bound fails with an UncheckedIOException caused by a {@link java.net.BindException}.
   */
  public static DashboardServer start(DashboardState state, String bind, int port, AccessRule access) {
    return start(state, bind, port, access, RiskAdjustedCusum.Settings.STEINER);
  }

  /** As {@link #start(DashboardState, String, int, AccessRule)}, drawing the CUSUM limits of {@code cusum}. */
  public static DashboardServer start(DashboardState state, String bind, int port, AccessRule access,
      RiskAdjustedCusum.Settings cusum) {
    DashboardServer server = new DashboardServer(state, bind, port, access, cusum);
    try {
      server.app.start();
    } catch (io.javalin.util.JavalinBindException e) {
      server.pusher.shutdownNow();
      try {
        server.app.stop();
      } catch (RuntimeException ignored) {
        // it never started
      }
      java.net.BindException cause = new java.net.BindException("Cannot listen on " + bind + ":" + port + " ("
          + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage()) + ")");
      cause.initCause(e);
      throw new java.io.UncheckedIOException(cause.getMessage(), cause);
    }
    server.pusher.scheduleWithFixedDelay(server::push, PUSH_INTERVAL_MS, PUSH_INTERVAL_MS, TimeUnit.MILLISECONDS);
    return server;
  }

  public int port() {
    return app.port();
  }

  /** The page's address; for a wildcard bind, the loopback one. */
  public URI url() {
    String h = host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    if (h.contains(":") && !h.startsWith("[")) {
      h = "[" + h + "]";
    }
    return URI.create("http://" + h + ":" + port() + "/");
  }

  private void securityHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    // Everything comes from this server: no CDN, no inline script.
    ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
        + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
  }

  private void authorize(Context ctx) {
    ctx.header("Cache-Control", "no-store");
    if (!access.allows(ctx.header("Authorization"), ctx.queryParam("token"))) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"spine-outcomes dashboard\"");
      throw new UnauthorizedResponse("This dashboard needs its token: Authorization: Bearer TOKEN, or ?token=TOKEN");
    }
  }

  private static String required(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      throw new BadRequestResponse("Query parameter '" + name + "' is required");
    }
    return v;
  }

  private static void json(Context ctx, JsonNode node) throws Exception {
    ctx.contentType("application/json; charset=utf-8");
    ctx.result(JSON.writeValueAsString(node));
  }

  private void subscribe(SseClient client) {
    if (clients.size() >= MAX_EVENT_CLIENTS) {
      client.close();
      return;
    }
    client.ctx().header("X-Accel-Buffering", "no");
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    clients.add(client);
    client.sendEvent("update", updateEvent(state.version()));
  }

  private String updateEvent(long version) {
    return "{\"version\":" + version + ",\"caughtUp\":" + state.caughtUp() + "}";
  }

  /** Announces a new version to every connected page (at most every PUSH_INTERVAL_MS), or a heartbeat. */
  private void push() {
    try {
      long v = state.version();
      long now = System.currentTimeMillis();
      if (v != pushedVersion) {
        pushedVersion = v;
        lastHeartbeat = now;
        String data = updateEvent(v);
        for (SseClient c : clients) {
          send(c, () -> c.sendEvent("update", data));
        }
      } else if (now - lastHeartbeat > HEARTBEAT_MS) {
        lastHeartbeat = now;
        for (SseClient c : clients) {
          send(c, () -> c.sendComment("heartbeat"));
        }
      }
    } catch (RuntimeException e) {
      log.warn("Could not push an update: {}", e.toString());
    }
  }

  private void send(SseClient c, Runnable action) {
    if (c.terminated()) {
      clients.remove(c);
      return;
    }
    try {
      action.run();
    } catch (RuntimeException e) {
      clients.remove(c);
    }
  }

  /** Connected event streams (pages open). */
  public int eventClients() {
    return clients.size();
  }

  @Override
  public void close() {
    pusher.shutdownNow();
    clients.forEach(c -> {
      try {
        c.close();
      } catch (RuntimeException e) {
        // already gone
      }
    });
    clients.clear();
    app.stop();
  }
}
