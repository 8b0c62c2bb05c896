# ghcr.io/tracklayer/ingest-gateway:${VERSION}. From the repository root, after
# `mvn -DskipTests package`:
#   docker build -f deploy/docker/ingest-gateway.Dockerfile -t ghcr.io/tracklayer/ingest-gateway:$VERSION .
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY ingest-gateway/target/ingest-gateway.jar /app/ingest-gateway.jar
# The same JVM options as ./tracklayer up (collector, fixed young generation; docs/ingest.md).
COPY deploy/ingest-gateway/jvm.options /app/jvm.options
USER 10001
# public port, management port (actuator: probes, Prometheus)
EXPOSE 8080 9080
ENTRYPOINT ["java", "@/app/jvm.options", "-jar", "/app/ingest-gateway.jar"]
