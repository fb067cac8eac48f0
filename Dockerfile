# syntax=docker/dockerfile:1
#
# spine-outcomes: one image for every command of the launcher (streams, dashboard, ingest, simulate, replay, demo).
#
#   docker build -t spine-outcomes .
#   docker run --rm spine-outcomes --help
#   docker run --rm -e SPINE_BOOTSTRAP_SERVERS=broker:9092 spine-outcomes streams
#
# Configuration is by environment variables (SPINE_BOOTSTRAP_SERVERS, SPINE_PSEUDONYM_SECRET, SPINE_STATE_DIR,
# ...) or a properties file mounted into the container and named with --config. See docker-compose.yml.
# Needs BuildKit (the default builder since Docker 23 and of `docker compose`) for the Maven cache mount.

# ---- build: compile and package every module --------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The local repository lives in a build cache, so rebuilding after a source change does not download the
# (large) Kafka dependency tree again.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -q -B -DskipTests install \
    && test -f launcher/target/spine-outcomes.jar \
    && test -d launcher/target/lib

# ---- runtime: a JRE, the launcher jar and its dependencies, a non-root user ------------------------------
FROM eclipse-temurin:17-jre

LABEL org.opencontainers.image.title="spine-outcomes" \
      org.opencontainers.image.description="Open vs microscopic spine surgery outcomes on Apache Kafka"

# A fixed uid/gid so volume permissions are predictable. The state directory is created here, owned by that
# user, so a named volume mounted on it starts out writable (Docker copies the ownership into a new volume).
RUN groupadd --system --gid 10001 spine \
    && useradd --system --uid 10001 --gid spine --home-dir /app --no-create-home --shell /usr/sbin/nologin spine \
    && mkdir -p /app/lib /var/lib/spine-outcomes/streams /data \
    && chown -R spine:spine /var/lib/spine-outcomes /data

WORKDIR /app
# The manifest's Class-Path points at lib/ beside the jar.
COPY --from=build /src/launcher/target/lib/ /app/lib/
COPY --from=build /src/launcher/target/spine-outcomes.jar /app/spine-outcomes.jar

# Where the streams application keeps its RocksDB state unless SPINE_STATE_DIR says otherwise.
ENV SPINE_STATE_DIR=/var/lib/spine-outcomes/streams

# The dashboard's port (`dashboard --bind 0.0.0.0 --port 8080`, which then asks for SPINE_DASHBOARD_TOKEN).
EXPOSE 8080

# The launcher script's JVM options (see spine-outcomes): G1 marks only when the heap is 75% full. Replace the
# variable to choose others.
ENV JDK_JAVA_OPTIONS="-XX:-G1UseAdaptiveIHOP -XX:InitiatingHeapOccupancyPercent=75"

USER spine:spine
ENTRYPOINT ["java", "-jar", "/app/spine-outcomes.jar"]
CMD ["--help"]
