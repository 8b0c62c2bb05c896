# shellcheck shell=bash
# Starting, stopping and waiting for the background processes of the stack. Sourced by ./tracklayer, whose settings
# (ports, paths, ROOT, STATE, RUN, LOGS, LIB) and log/die it uses.

# ---------------------------------------------------------------- processes

pid_alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

# start NAME CMD...: runs CMD in the background with its log and pid file.
start_bg() {
  local name="$1"; shift
  if pid_alive "$name"; then
    return 0
  fi
  mkdir -p "$RUN" "$LOGS"
  nohup "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
  echo $! >"$RUN/$name.pid"
}

jar_sum() { sha256sum "$1" | cut -d' ' -f1; }

# start_jar NAME JAR JAVA-OPTION...: runs JAR as service NAME from a copy in $RUN, so that a later
# build never replaces the jar under the running JVM (which loads classes from it lazily and dies
# on the first one it cannot find). A service that runs another build than JAR is restarted.
start_jar() {
  local name="$1" jar="$2"; shift 2
  local copy="$RUN/$name.jar" sum
  sum="$(jar_sum "$jar")"
  if pid_alive "$name"; then
    [ "$(cat "$RUN/$name.jar.sha256" 2>/dev/null)" = "$sum" ] && return 0
    log "restarting $name: it runs another build than $jar"
    stop_pid "$name"
  fi
  mkdir -p "$RUN"
  cp "$jar" "$copy.tmp" && mv -f "$copy.tmp" "$copy"
  echo "$sum" >"$RUN/$name.jar.sha256"
  log "starting $name"
  start_bg "$name" java "$@" -jar "$copy"
}

stop_pid() {
  local name="$1"
  pid_alive "$name" || { rm -f "$RUN/$name.pid"; return 0; }
  local pid; pid="$(cat "$RUN/$name.pid")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  rm -f "$RUN/$name.pid"
  log "stopped $name"
}

# wait_for NAME SECONDS CHECK...: polls CHECK until it succeeds.
wait_for() {
  local name="$1" secs="$2"; shift 2
  for _ in $(seq 1 $((secs * 4))); do
    if "$@" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.25
  done
  die "$name did not become ready in ${secs}s; see $LOGS/$name.log"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_ok() { curl -fsS -m 2 "$1" >/dev/null; }
# Where this machine reaches a management port: its address, or loopback when it listens on all.
management_url() {
  local host="${TRACKLAYER_MANAGEMENT_ADDRESS:-127.0.0.1}"
  case "$host" in
    0.0.0.0 | :: | "[::]") host=127.0.0.1 ;;
    *:*) host="[$host]" ;;
  esac
  printf 'http://%s:%s%s' "$host" "$1" "$2"
}
