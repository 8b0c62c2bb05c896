# shellcheck shell=bash
# Installing what the stack needs and building it. Sourced by ./tracklayer, whose settings
# (ports, paths, ROOT, STATE, RUN, LOGS, LIB) and log/die it uses.

# ---------------------------------------------------------------- installation

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ ! -f "$STATE/.apt-updated" ]; then
    $sudo apt-get update -qq
    mkdir -p "$STATE" && touch "$STATE/.apt-updated"
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_runtime_packages() {
  command -v java >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null 2>&1 || apt_install maven
  # the dashboard is built by npm inside the Maven build
  command -v node >/dev/null 2>&1 || apt_install nodejs npm
  apt_install curl jq postgresql clickhouse-server clickhouse-client redis-server
}

ensure_test_packages() {
  ensure_runtime_packages
  apt_install chromium chromium-driver shellcheck
}

# The dashboard's build (Vite) needs Node.js ^20.19 or >= 22.12; Debian 12's own nodejs is 18, so
# say so before Maven fails halfway with npm's message.
check_node() {
  local version major minor
  version="$(node --version 2>/dev/null || true)"
  version="${version#v}"
  major="${version%%.*}"
  minor="${version#*.}"
  minor="${minor%%.*}"
  if [ -z "$version" ] || [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; } \
    || [ "$major" -eq 21 ] || { [ "$major" -eq 22 ] && [ "$minor" -lt 12 ]; }; then
    die "the dashboard's build needs Node.js 20.19+ or 22.12+ (found: ${version:-none}); install a newer Node.js (e.g. NodeSource's packages)"
  fi
}

# Builds the modules when a jar is missing or any source is newer than it.
build() {
  local stamp="$ROOT/api-gateway/target/api-gateway.jar"
  if [ "${1:-}" != "--force" ] && [ -f "$stamp" ] && [ -f "$ROOT/ingest-gateway/target/ingest-gateway.jar" ] \
    && [ -f "$ROOT/flink-jobs/target/flink-jobs-all.jar" ] \
    && [ -z "$(find "$ROOT" \( -path "$STATE" -o -name node_modules -o -name target -o -name dist \) -prune -o \
      \( -name '*.java' -o -name 'pom.xml' -o -name '*.sql' -o -name '*.yml' -o -name '*.js' -o -name '*.ts' \
      -o -name '*.tsx' -o -name '*.css' -o -name 'index.html' -o -name 'package-lock.json' \) -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  check_node
  log "building (mvn install -DskipTests)"
  (cd "$ROOT" && mvn -B -q install -DskipTests -Dspotless.check.skip=true) || die "build failed"
}

fetch_kafka_jars() {
  [ -f "$LIB/kafka/.complete" ] && return 0
  log "fetching the Kafka broker jars from Maven Central"
  mkdir -p "$LIB/kafka"
  mvn -B -q -f "$ROOT/deploy/kafka/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$LIB/kafka" >/dev/null || die "could not fetch Kafka jars"
  touch "$LIB/kafka/.complete"
}
