# ghcr.io/tracklayer/flink-jobs:${VERSION}: Flink with the TrackLayer jobs, for the Flink
# Kubernetes Operator's FlinkDeployments (deploy/kubernetes). From the repository root, after
# `mvn -DskipTests package`:
#   docker build -f deploy/docker/flink-jobs.Dockerfile -t ghcr.io/tracklayer/flink-jobs:$VERSION .
# The Flink version is the one flink-jobs builds against (pom.xml flink.version).
FROM flink:2.2.1-java17
# Checkpoints, savepoints and HA metadata go to S3; Flink loads file systems as plugins.
RUN mkdir -p /opt/flink/plugins/s3-fs-presto \
 && cp /opt/flink/opt/flink-s3-fs-presto-*.jar /opt/flink/plugins/s3-fs-presto/
# The jobs and their connectors; the FlinkDeployments' jarURI names this path.
COPY flink-jobs/target/flink-jobs-all.jar /opt/flink/usrlib/flink-jobs.jar
