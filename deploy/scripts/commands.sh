# shellcheck shell=bash
# The commands of ./tracklayer (dispatched at its end). Sourced by ./tracklayer, whose settings
# (ports, paths, ROOT, STATE, RUN, LOGS, LIB) and log/die it uses.

# ---------------------------------------------------------------- commands

cmd_up() {
  mkdir -p "$RUN" "$LOGS"
  ensure_runtime_packages
  build
  load_secrets
  start_postgres
  start_clickhouse
  start_redis
  start_kafka
  create_topics
  service_env
  start_api
  start_ingest
  start_flink
  cat <<EOF

TrackLayer is up.
  dashboard       http://127.0.0.1:$API_PORT/
                  sign in (development token, valid 24 h; the token is in the fragment, which no server logs):
                  http://127.0.0.1:$API_PORT/signin#token=$(cmd_dev_token)
  ingest gateway  http://127.0.0.1:$INGEST_PORT   (POST /v1/events, /v1/browser/events, GET /v1/pixel.js)
  API             http://127.0.0.1:$API_PORT   (OpenAPI: /v3/api-docs)
  health, metrics $(management_url "$INGEST_MANAGEMENT_PORT" /actuator/health) and /actuator/prometheus (ingest),
                  $(management_url "$API_MANAGEMENT_PORT" /actuator/health) and /actuator/prometheus (API)
  Flink web UI    http://127.0.0.1:$FLINK_PORT   (jobs: ./tracklayer flink list)
                  Prometheus: http://127.0.0.1:$FLINK_METRICS_PORT/ (TaskManager 1; n on +n-1), JobManager :$FLINK_JM_METRICS_PORT
  Kafka           127.0.0.1:$KAFKA_PORT
  PostgreSQL      $TRACKLAYER_POSTGRES_URL (user tracklayer)
  ClickHouse      $TRACKLAYER_CLICKHOUSE_URL (database tracklayer)
  Redis           $TRACKLAYER_REDIS_URL
  logs            $LOGS/

A dashboard JWT:  ./tracklayer dev-token [sub]
An ingest key:    ./tracklayer dev-key   (creates one through the API with that token)
Status / stop:    ./tracklayer status  |  ./tracklayer down  |  ./tracklayer reset
EOF
}

cmd_down() {
  stop_flink
  for name in ingest-gateway api-gateway kafka redis clickhouse; do
    stop_pid "$name"
  done
  stop_postgres
}

row() { printf '  %-20s %-5s %s\n' "$1" "$2" "$3"; }

cmd_status() {
  local all=0
  echo "settings that differ from the defaults:"
  local others; others="$(compgen -e | grep '^TRACKLAYER_' | grep -v '^TRACKLAYER_CONFIG$' || true)"
  if [ -z "$others" ]; then
    echo "  none"
  else
    print_settings
  fi
  echo "parts:"
  check() {
    local name="$1" what="$2"; shift 2
    if "$@" >/dev/null 2>&1; then row "$name" up "$what"; else row "$name" down "$what"; all=1; fi
  }
  check postgres ":$PG_PORT" runuser -u postgres -- "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT"
  check clickhouse ":$CH_HTTP_PORT" http_ok "http://127.0.0.1:$CH_HTTP_PORT/ping"
  check redis ":$REDIS_PORT" port_open "$REDIS_PORT"
  check kafka ":$KAFKA_PORT" port_open "$KAFKA_PORT"
  check api-gateway ":$API_PORT :$API_MANAGEMENT_PORT" \
    http_ok "$(management_url "$API_MANAGEMENT_PORT" /actuator/health)"
  check ingest-gateway ":$INGEST_PORT :$INGEST_MANAGEMENT_PORT" \
    http_ok "$(management_url "$INGEST_MANAGEMENT_PORT" /actuator/health)"
  flink_status
  return $all
}

cmd_reset() {
  cmd_down
  rm -rf "$STATE"
  log "removed $STATE"
}

cmd_test() {
  mkdir -p "$STATE"
  ensure_test_packages
  check_node
  local querylog="$ROOT/target/clickhouse-queries"
  rm -rf "$querylog" && mkdir -p "$querylog"
  # The scripts first: a quoting slip in them breaks `up` on someone else's machine.
  (cd "$ROOT" && shellcheck -x tracklayer deploy/flink/*.sh)
  # Spotless checks formatting; the tests start their own servers on free ports.
  (cd "$ROOT" && mvn -B -ntp verify -Dtracklayer.clickhouse.querylog.dir="$querylog" "$@")
  # Every ClickHouse statement the tests issued, replayed on a current ClickHouse (chdb).
  "$ROOT/tools/chdb-check/run" "$querylog"
  # The dashboard in headless Chromium against a stack of the jars just built, on ports and a state
  # directory of its own (docs/dashboard.md "End-to-end tests").
  (cd "$ROOT/dashboard" && npm run e2e)
}

# HS256 token signed with the development secret (Supabase's legacy model).
cmd_dev_token() {
  load_secrets
  local sub="${1:-dev-user}" now; now="$(date +%s)"
  b64() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
  local header payload sig
  header="$(printf '{"alg":"HS256","typ":"JWT"}' | b64)"
  payload="$(printf '{"sub":"%s","aud":"authenticated","role":"authenticated","email":"%s@example.com","iat":%d,"exp":%d}' \
    "$sub" "$sub" "$now" $((now + 86400)) | b64)"
  sig="$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -mac HMAC -macopt "key:$TRACKLAYER_JWT_SECRET" -binary | b64)"
  printf '%s.%s.%s\n' "$header" "$payload" "$sig"
}

cmd_dev_key() {
  local token; token="$(cmd_dev_token "${1:-dev-user}")"
  curl -fsS -X POST "http://127.0.0.1:$API_PORT/v1/api-keys" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/json' -d '{"name":"dev"}'
  echo
}

# Recomputes every analytics endpoint's figures from the raw tables and prints any difference
# (api-gateway AnalyticsCheck); exit status 1 when there is one.
cmd_analytics() {
  [ "${1:-}" = check ] || { echo "usage: ./tracklayer analytics check [--merchant ID] [--range R]" >&2; exit 2; }
  shift
  load_secrets
  service_env
  export TRACKLAYER_API_URL="${TRACKLAYER_API_URL:-http://127.0.0.1:$API_PORT}"
  java -cp "$ROOT/api-gateway/target/api-gateway.jar" \
    -Dloader.main=dev.tracklayer.api.analytics.check.AnalyticsCheck \
    org.springframework.boot.loader.launch.PropertiesLauncher "$@"
}

# Bulk replay of a window of events.raw under new ids (flink-jobs ReplayJob; docs/operations.md).
cmd_replay() {
  load_secrets
  service_env
  [ -f "$ROOT/flink-jobs/target/flink-jobs-all.jar" ] || build
  fetch_flink_jars
  # A bounded job in a Flink of its own (this process), beside the session cluster's live jobs.
  java -Xmx1g "${JDK_FLAGS[@]}" -Dlog4j2.configurationFile="$ROOT/deploy/flink/log4j2-cli.properties" \
    -cp "$ROOT/flink-jobs/target/flink-jobs-all.jar:$LIB/flink/*" dev.tracklayer.flink.replay.ReplayJob "$@"
}
