# shellcheck shell=bash
# Each part of the stack but Flink (deploy/flink/flink.sh): start, stop, topics. Sourced by ./tracklayer, whose settings
# (ports, paths, ROOT, STATE, RUN, LOGS, LIB) and log/die it uses.

# ---------------------------------------------------------------- parts

start_postgres() {
  local dir="$STATE/postgres"
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initializing PostgreSQL in $dir"
    mkdir -p "$dir"
    chown -R postgres:postgres "$dir"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
      --locale=C.UTF-8 --no-sync >>"$LOGS/postgres.log" 2>&1 || die "initdb failed; see $LOGS/postgres.log"
  fi
  chown -R postgres:postgres "$dir"
  if ! runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    log "starting PostgreSQL on :$PG_PORT"
    touch "$LOGS/postgres.log" && chown postgres "$LOGS/postgres.log"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -w -l "$LOGS/postgres.log" \
      -o "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1" start >/dev/null \
      || die "PostgreSQL did not start; see $LOGS/postgres.log"
  fi
  # The application role and database (idempotent).
  psql_admin -tc "SELECT 1 FROM pg_roles WHERE rolname='tracklayer'" | grep -q 1 \
    || psql_admin -c "CREATE ROLE tracklayer LOGIN PASSWORD 'tracklayer'" >/dev/null
  psql_admin -tc "SELECT 1 FROM pg_database WHERE datname='tracklayer'" | grep -q 1 \
    || psql_admin -c "CREATE DATABASE tracklayer OWNER tracklayer" >/dev/null
}

psql_admin() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q "$@"; }

stop_postgres() {
  local dir="$STATE/postgres"
  [ -f "$dir/data/PG_VERSION" ] || return 0
  if runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
    log "stopped postgres"
  fi
}

start_clickhouse() {
  local dir="$STATE/clickhouse"
  mkdir -p "$dir/log"
  sed -e "s|@DIR@|$dir|g" -e "s|@HTTP_PORT@|$CH_HTTP_PORT|" -e "s|@TCP_PORT@|$CH_TCP_PORT|" \
    "$ROOT/deploy/clickhouse/config.xml" >"$dir/config.xml"
  cp "$ROOT/deploy/clickhouse/users.xml" "$dir/users.xml"
  if ! pid_alive clickhouse; then
    log "starting ClickHouse on :$CH_HTTP_PORT"
    (cd "$dir" && start_bg clickhouse clickhouse-server --config-file="$dir/config.xml")
  fi
  wait_for clickhouse 30 http_ok "http://127.0.0.1:$CH_HTTP_PORT/ping"
}

start_redis() {
  if ! pid_alive redis; then
    log "starting Redis on :$REDIS_PORT"
    mkdir -p "$STATE/redis"
    start_bg redis redis-server "$ROOT/deploy/redis/redis.conf" --port "$REDIS_PORT" --dir "$STATE/redis"
  fi
  wait_for redis 10 port_open "$REDIS_PORT"
}

start_kafka() {
  local dir="$STATE/kafka"
  fetch_kafka_jars
  mkdir -p "$dir"
  sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@NETWORK_THREADS@|$(( ($(nproc) + 1) / 2 ))|g" -e "s|@IO_THREADS@|$(nproc)|g" \
    "$ROOT/deploy/kafka/server.properties" >"$dir/server.properties"
  local cp="$LIB/kafka/*"
  if [ ! -f "$dir/data/meta.properties" ]; then
    log "formatting Kafka storage"
    java -cp "$cp" kafka.tools.StorageTool format -t "$(tr -d '-' </proc/sys/kernel/random/uuid | head -c 22)" \
      -c "$dir/server.properties" --feature transaction.version=1 >>"$LOGS/kafka.log" 2>&1 \
      || die "Kafka storage format failed; see $LOGS/kafka.log"
  fi
  if ! pid_alive kafka; then
    log "starting Kafka on :$KAFKA_PORT"
    start_bg kafka java -Xms256m -Xmx512m -Dlog4j2.configurationFile="$ROOT/deploy/kafka/log4j2.properties" \
      -cp "$cp" kafka.Kafka "$dir/server.properties"
  fi
  wait_for kafka 60 kafka_topics --list
}

kafka_topics() {
  java -cp "$LIB/kafka/*" -Dlog4j2.configurationFile="$ROOT/deploy/kafka/log4j2.properties" \
    org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" "$@"
}

# Topic name, partitions, extra config. The pipeline's contract with the gateways and the API.

create_topics() {
  local existing; existing="$(kafka_topics --list 2>/dev/null)"
  for spec in "${TOPICS[@]}"; do
    # shellcheck disable=SC2086 # a spec is "name partitions [config]", split on purpose
    set -- $spec
    grep -qx "$1" <<<"$existing" && continue
    local args=(--create --if-not-exists --topic "$1" --partitions "$2" --replication-factor 1)
    [ -n "${3:-}" ] && args+=(--config "$3")
    kafka_topics "${args[@]}" >/dev/null
    log "created topic $1"
  done
}

service_env() {
  export TRACKLAYER_KAFKA_BOOTSTRAP="${TRACKLAYER_KAFKA_BOOTSTRAP:-127.0.0.1:$KAFKA_PORT}"
  export TRACKLAYER_POSTGRES_URL="${TRACKLAYER_POSTGRES_URL:-jdbc:postgresql://127.0.0.1:$PG_PORT/tracklayer}"
  export TRACKLAYER_CLICKHOUSE_URL="${TRACKLAYER_CLICKHOUSE_URL:-http://127.0.0.1:$CH_HTTP_PORT}"
  export TRACKLAYER_REDIS_URL="${TRACKLAYER_REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
  export TRACKLAYER_INGEST_PORT="$INGEST_PORT" TRACKLAYER_API_PORT="$API_PORT" TRACKLAYER_FLINK_PORT="$FLINK_PORT"
  export TRACKLAYER_INGEST_MANAGEMENT_PORT="$INGEST_MANAGEMENT_PORT" TRACKLAYER_API_MANAGEMENT_PORT="$API_MANAGEMENT_PORT"
  export TRACKLAYER_FLINK_METRICS_PORT="$FLINK_METRICS_PORT"
  export TRACKLAYER_FLINK_CHECKPOINT_DIR="${TRACKLAYER_FLINK_CHECKPOINT_DIR:-file://$STATE/flink/checkpoints}"
  # the api-gateway reads the plan catalog from a path; parts start from any directory
  export TRACKLAYER_BILLING_PLANS_FILE="${TRACKLAYER_BILLING_PLANS_FILE:-$ROOT/deploy/billing/plans.yaml}"
  # the dashboard's snippets show this address; set it to the public one behind a proxy
  export TRACKLAYER_PUBLIC_INGEST_URL="${TRACKLAYER_PUBLIC_INGEST_URL:-http://127.0.0.1:$INGEST_PORT}"
  # Stripe sends buyers back to the dashboard's billing page
  export TRACKLAYER_BILLING_SUCCESS_URL="${TRACKLAYER_BILLING_SUCCESS_URL:-http://127.0.0.1:$API_PORT/billing?checkout=success}"
  export TRACKLAYER_BILLING_CANCEL_URL="${TRACKLAYER_BILLING_CANCEL_URL:-http://127.0.0.1:$API_PORT/billing?checkout=cancel}"
  export TRACKLAYER_BILLING_PORTAL_RETURN_URL="${TRACKLAYER_BILLING_PORTAL_RETURN_URL:-http://127.0.0.1:$API_PORT/billing}"
}

# The API applies the PostgreSQL and ClickHouse migrations when it starts.
start_api() {
  start_jar api-gateway "$ROOT/api-gateway/target/api-gateway.jar" -Xmx512m
  wait_for api-gateway 120 http_ok "$(management_url "$API_MANAGEMENT_PORT" /actuator/health)"
}

start_ingest() {
  start_jar ingest-gateway "$ROOT/ingest-gateway/target/ingest-gateway.jar" @"$ROOT/deploy/ingest-gateway/jvm.options"
  wait_for ingest-gateway 120 http_ok "$(management_url "$INGEST_MANAGEMENT_PORT" /actuator/health)"
}
