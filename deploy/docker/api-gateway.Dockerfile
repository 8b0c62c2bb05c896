# ghcr.io/tracklayer/api-gateway:${VERSION}. From the repository root, after
# `mvn -DskipTests package`:
#   docker build -f deploy/docker/api-gateway.Dockerfile -t ghcr.io/tracklayer/api-gateway:$VERSION .
FROM eclipse-temurin:17-jre
WORKDIR /app
COPY api-gateway/target/api-gateway.jar /app/api-gateway.jar
USER 10001
# public port, management port (actuator: probes, Prometheus)
EXPOSE 8081 9091
# The heap from the container's memory limit (1 GiB in the manifests: ~600 MB, as -Xmx512m locally).
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=60", "-jar", "/app/api-gateway.jar"]
