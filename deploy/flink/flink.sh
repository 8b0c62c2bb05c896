# shellcheck shell=bash
# The Flink session cluster of ./tracklayer (sourced by it; uses its log, die, start_bg, stop_pid,
# pid_alive, wait_for, http_ok, build). docs/operations.md describes what an operator does with it.
#
# Processes, each with its pid file in $RUN and its log in $LOGS:
#   flink-jobmanager       StandaloneSessionClusterEntrypoint: REST API and web UI on :$FLINK_PORT
#   flink-taskmanager-N    TaskManagerRunner, N = 1 .. TRACKLAYER_FLINK_TASKMANAGERS
# Jobs are submitted through the REST API (/jars/upload, /jars/:id/run), as `flink run` does.

FLINK_RPC_PORT="${TRACKLAYER_FLINK_RPC_PORT:-6123}"
FLINK_TASKMANAGERS="${TRACKLAYER_FLINK_TASKMANAGERS:-1}"
# Each job's parallelism, sent with every submission: a job run through /jars/:jar/run without one
# ran at 1 whatever config.yaml's parallelism.default said, so the pipeline used one core.
FLINK_PARALLELISM="${TRACKLAYER_FLINK_PARALLELISM:-2}"
# TaskManager n serves its metrics (the jobs' own among them) on FLINK_METRICS_PORT + n - 1; the
# JobManager's (restarts, checkpoints) are below that range, whatever the number of TaskManagers.
FLINK_JM_METRICS_PORT="${TRACKLAYER_FLINK_JOBMANAGER_METRICS_PORT:-$((FLINK_METRICS_PORT - 1))}"
FLINK_CONF="$ROOT/deploy/flink"
FLINK_JAR="$ROOT/flink-jobs/target/flink-jobs-all.jar"
FLINK_ENTRY_CLASS=dev.tracklayer.flink.JobMain
# The jobs of flink-jobs-all.jar (JobMain.JOBS): `up` keeps each one running.
FLINK_JOBS=(pipeline rollup)

flink_settings() {
  [[ "$FLINK_TASKMANAGERS" =~ ^[1-9][0-9]*$ ]] \
    || die "TRACKLAYER_FLINK_TASKMANAGERS must be a positive number, not '$FLINK_TASKMANAGERS'"
  [[ "$FLINK_PARALLELISM" =~ ^[1-9][0-9]*$ ]] \
    || die "TRACKLAYER_FLINK_PARALLELISM must be a positive number, not '$FLINK_PARALLELISM'"
  export TRACKLAYER_FLINK_CHECKPOINT_DIR="${TRACKLAYER_FLINK_CHECKPOINT_DIR:-file://$STATE/flink/checkpoints}"
  export TRACKLAYER_FLINK_SAVEPOINT_DIR="${TRACKLAYER_FLINK_SAVEPOINT_DIR:-file://$STATE/flink/savepoints}"
  # What the settings move; everything else is deploy/flink/config.yaml's.
  FLINK_PROPS=(
    -D "rest.port=$FLINK_PORT"
    -D "jobmanager.rpc.port=$FLINK_RPC_PORT"
    -D "execution.checkpointing.savepoint-dir=$TRACKLAYER_FLINK_SAVEPOINT_DIR"
    -D "io.tmp.dirs=$STATE/flink/tmp"
    -D "web.upload.dir=$STATE/flink/uploads"
  )
}

fetch_flink_jars() {
  local stamp; stamp="$(sha256sum "$FLINK_CONF/pom.xml" | cut -c1-16)"
  [ "$(cat "$LIB/flink/.complete" 2>/dev/null)" = "$stamp" ] && return 0
  log "fetching the Flink runtime jars from Maven Central"
  rm -rf "$LIB/flink" && mkdir -p "$LIB/flink"
  mvn -B -q -f "$FLINK_CONF/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$LIB/flink" >/dev/null || die "could not fetch the Flink jars"
  echo "$stamp" >"$LIB/flink/.complete"
}

# JVM options and -D memory settings for a JobManager (JM) or TaskManager (TM) from config.yaml's
# process size, as Flink's own start scripts compute them (BashJavaUtils); into FLINK_JVM and
# FLINK_MEMORY.
flink_memory() {
  local out results=()
  out="$(java -cp "$LIB/flink/*" org.apache.flink.runtime.util.bash.BashJavaUtils \
    "GET_$1_RESOURCE_PARAMS" --configDir "$FLINK_CONF" "${FLINK_PROPS[@]}" 2>&1)" \
    || die "could not size the Flink $1's memory: $out"
  mapfile -t results < <(sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' <<<"$out")
  [ ${#results[@]} -ge 2 ] || die "could not size the Flink $1's memory: $out"
  read -ra FLINK_JVM <<<"${results[0]}"
  read -ra FLINK_MEMORY <<<"${results[1]}"
}

# flink_process NAME MAIN-CLASS ARGS...: a Flink process on the runtime jars.
flink_process() {
  local name="$1" main="$2"; shift 2
  start_bg "$name" java "${FLINK_JVM[@]}" "${JDK_FLAGS[@]}" -Djava.io.tmpdir="$STATE/flink/tmp" \
    -Dlog4j2.configurationFile="$FLINK_CONF/log4j2.properties" -cp "$LIB/flink/*" "$main" \
    --configDir "$FLINK_CONF" "${FLINK_PROPS[@]}" "${FLINK_MEMORY[@]}" "$@"
}

flink_taskmanagers_registered() {
  [ "$(flink_rest GET /overview 2>/dev/null | jq -r .taskmanagers)" -ge "$1" ] 2>/dev/null
}

# The cluster, then every job that is not running: from its newest retained checkpoint or
# savepoint when it has one (a crash, a `down`, a `flink stop`), else from the start.
start_flink() {
  flink_settings
  fetch_flink_jars
  mkdir -p "$STATE/flink/tmp" "$STATE/flink/uploads"
  if pid_alive flink; then
    # The single-process cluster of earlier versions: its checkpoints resume in the new one.
    log "stopping the earlier single-process Flink cluster"
    stop_pid flink
  fi
  if ! pid_alive flink-jobmanager; then
    log "starting the Flink JobManager (REST API and web UI :$FLINK_PORT)"
    flink_memory JM
    flink_process flink-jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
      -D "metrics.reporter.prom.port=$FLINK_JM_METRICS_PORT"
  fi
  local n missing=()
  for n in $(seq 1 "$FLINK_TASKMANAGERS"); do
    pid_alive "flink-taskmanager-$n" || missing+=("$n")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    flink_memory TM
    for n in "${missing[@]}"; do
      log "starting Flink TaskManager $n"
      flink_process "flink-taskmanager-$n" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
        -D "taskmanager.resource-id=flink-taskmanager-$n" \
        -D "metrics.reporter.prom.port=$((FLINK_METRICS_PORT + n - 1))"
    done
  fi
  wait_for flink-jobmanager 120 http_ok "http://127.0.0.1:$FLINK_PORT/overview"
  wait_for flink-jobmanager 120 flink_taskmanagers_registered "$FLINK_TASKMANAGERS"
  local job from
  for job in "${FLINK_JOBS[@]}"; do
    if [ -n "$(flink_active_job "$job")" ]; then
      # A running job keeps its uploaded jar; moving its state to a new build is the operator's call.
      flink_job_outdated "$job" \
        && log "$job runs an earlier build than $FLINK_JAR: ./tracklayer flink upgrade $job moves it with its state"
      continue
    fi
    from="$(flink_latest_retained "$job")"
    if [ -n "$from" ]; then
      flink_submit "$job" --from-savepoint "$from"
    else
      flink_submit "$job"
    fi
  done
}

stop_flink() {
  # The JobManager first: its jobs are suspended, their retained checkpoints kept for `up`.
  stop_pid flink-jobmanager
  local f
  for f in "$RUN"/flink-taskmanager-*.pid; do
    [ -e "$f" ] && stop_pid "$(basename "$f" .pid)"
  done
  stop_pid flink
}

# flink_rest METHOD PATH [JSON]: the REST API's answer; on an error status, Flink's message (and
# the causes of a stack trace) on stderr and status 1.
flink_rest() {
  local method="$1" path="$2" body="${3:-}" out code
  local args=(-sS -m 300 -X "$method" -w '\n%{http_code}')
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  out="$(curl "${args[@]}" "http://127.0.0.1:$FLINK_PORT$path" 2>&1)" \
    || { echo "tracklayer: the Flink REST API is not reachable on :$FLINK_PORT (./tracklayer up)" >&2; return 1; }
  code="${out##*$'\n'}"
  out="${out%$'\n'*}"
  if [ "$code" -ge 400 ]; then
    echo "tracklayer: Flink $method $path: HTTP $code" >&2
    # The message and its causes, not the stack frames; kept for the caller's advice.
    jq -r '.errors[]?' <<<"$out" 2>/dev/null | grep -v '^[[:space:]]' | head -20 \
      | tee "$STATE/flink/last-error" >&2
    return 1
  fi
  printf '%s\n' "$out"
}

flink_check_job() {
  [[ " ${FLINK_JOBS[*]} " == *" ${1:-} "* ]] || die "no Flink job '${1:-}'; the jobs are: ${FLINK_JOBS[*]}"
}

# The id of JOB's job that is not over (running, restarting, ...), or nothing.
flink_active_job() {
  flink_rest GET /jobs/overview | jq -r --arg name "tracklayer-$1" \
    '.jobs[] | select(.name == $name and (.state | IN("FINISHED", "CANCELED", "FAILED") | not)) | .jid' \
    | head -n 1
}

flink_require_active() {
  local jid; jid="$(flink_active_job "$1")"
  [ -n "$jid" ] || die "$1 is not running (./tracklayer flink list)"
  echo "$jid"
}

# The newest completed checkpoint (retained after a crash or a cancel) or savepoint of JOB.
flink_latest_retained() {
  local dirs=() d
  for d in "$TRACKLAYER_FLINK_CHECKPOINT_DIR/$1" "$TRACKLAYER_FLINK_SAVEPOINT_DIR/$1"; do
    case "$d" in file://*) d="${d#file://}" ;; *://*) continue ;; esac
    [ -d "$d" ] && dirs+=("$d")
  done
  [ ${#dirs[@]} -gt 0 ] || return 0
  find "${dirs[@]}" -maxdepth 3 -name _metadata \( -path '*/chk-*/_metadata' -o -path '*/savepoint-*/_metadata' \) \
    -printf '%T@ %h\n' | sort -n | tail -n 1 | cut -d' ' -f2-
}

# Waits until every task of job JID runs (a bounded source may have finished); on a failure, the
# job's exception.
flink_wait_running() {
  local jid="$1" secs="${2:-180}" job
  for _ in $(seq 1 "$secs"); do
    job="$(flink_rest GET "/jobs/$jid")" || return 1
    case "$(jq -r .state <<<"$job")" in
      RUNNING)
        jq -e 'all(.vertices[]; .status == "RUNNING" or .status == "FINISHED")' <<<"$job" >/dev/null && return 0 ;;
      FAILED | CANCELED | FINISHED)
        echo "tracklayer: job $jid is $(jq -r .state <<<"$job"):" >&2
        flink_rest GET "/jobs/$jid/exceptions" | jq -r '.exceptionHistory.entries[0].stacktrace // "" ' \
          | grep -E '^[a-zA-Z.]+(Exception|Error)|^Caused by' | head -10 >&2
        return 1 ;;
    esac
    sleep 1
  done
  echo "tracklayer: job $jid is not running after ${secs}s (./tracklayer flink list)" >&2
  return 1
}

# Sets FLINK_JAR_SUM, the jar's sha256, once per command: both jobs come from one jar of some
# 100 MB, and every command builds (if it does) before it looks.
flink_hash_jar() {
  [ -n "${FLINK_JAR_SUM:-}" ] || FLINK_JAR_SUM="$(jar_sum "$FLINK_JAR")"
}

# Whether JOB was submitted from another build of the jar than the one in target/ now.
flink_job_outdated() {
  [ -f "$FLINK_JAR" ] || return 1
  flink_hash_jar
  [ "$(cat "$RUN/flink-job-$1.sha256" 2>/dev/null)" != "$FLINK_JAR_SUM" ]
}

# submit JOB [--from-savepoint PATH] [--allow-non-restored-state]
flink_submit() {
  local job="${1:-}" from="" allow=false; shift || true
  flink_check_job "$job"
  while [ $# -gt 0 ]; do
    case "$1" in
      --from-savepoint) from="${2:?--from-savepoint needs a path}"; shift 2 ;;
      --allow-non-restored-state) allow=true; shift ;;
      *) die "submit: unknown option $1" ;;
    esac
  done
  local running; running="$(flink_active_job "$job")"
  # Two copies would each deliver every event.
  [ -z "$running" ] || die "$job is already running as $running: ./tracklayer flink upgrade $job, or stop/cancel it first"
  [ -f "$FLINK_JAR" ] || die "no $FLINK_JAR (./tracklayer build)"
  local upload jar body jid
  upload="$(curl -sS -m 300 -X POST -H 'Expect:' -F "jarfile=@$FLINK_JAR" "http://127.0.0.1:$FLINK_PORT/jars/upload")" \
    || die "could not upload $FLINK_JAR"
  jar="$(jq -r '.filename // empty' <<<"$upload")"
  [ -n "$jar" ] || die "could not upload $FLINK_JAR: $upload"
  jar="${jar##*/}"
  body="$(jq -n --arg job "$job" --arg from "$from" --argjson allow "$allow" --arg entry "$FLINK_ENTRY_CLASS" \
    --argjson parallelism "$FLINK_PARALLELISM" \
    '{entryClass: $entry, programArgsList: ["--job", $job], allowNonRestoredState: $allow,
      parallelism: $parallelism}
     + (if $from == "" then {} else {savepointPath: $from} end)')"
  if [ -n "$from" ]; then
    log "submitting $job from $from$([ "$allow" = true ] && echo ' (allowing non-restored state)')"
  else
    log "submitting $job (no checkpoint or savepoint: from the start)"
  fi
  jid="$(flink_rest POST "/jars/$jar/run" "$body" | jq -r .jobid)" || {
    flink_rest DELETE "/jars/$jar" >/dev/null 2>&1 || true
    if grep -q 'Cannot map checkpoint/savepoint state' "$STATE/flink/last-error" 2>/dev/null; then
      echo "tracklayer: state in $from belongs to an operator this build does not have (a renamed" \
        "or removed uid). If dropping it is on purpose: --allow-non-restored-state" >&2
    fi
    die "$job was not submitted"
  }
  flink_rest DELETE "/jars/$jar" >/dev/null 2>&1 || true
  flink_hash_jar
  echo "$FLINK_JAR_SUM" >"$RUN/flink-job-$job.sha256"
  flink_wait_running "$jid" || die "$job ($jid) did not start"
  printf '%s\t%s\tRUNNING\t%s\n' "$job" "$jid" "${from:-(from the start)}"
}

# Polls a savepoint (or stop-with-savepoint) operation; prints where the savepoint is.
flink_await_savepoint() {
  local jid="$1" trigger="$2" answer
  for _ in $(seq 1 600); do
    answer="$(flink_rest GET "/jobs/$jid/savepoints/$trigger")" || return 1
    if [ "$(jq -r .status.id <<<"$answer")" = COMPLETED ]; then
      if jq -e '.operation.location' <<<"$answer" >/dev/null; then
        jq -r .operation.location <<<"$answer"
        return 0
      fi
      echo "tracklayer: the savepoint failed:" >&2
      jq -r '.operation["failure-cause"]["stack-trace"] // .operation' <<<"$answer" \
        | grep -E '^[a-zA-Z.]+(Exception|Error)|^Caused by' | head -10 >&2
      return 1
    fi
    sleep 0.5
  done
  echo "tracklayer: the savepoint did not complete in 5 minutes" >&2
  return 1
}

flink_savepoint() {
  flink_check_job "${1:-}"
  local jid trigger location
  jid="$(flink_require_active "$1")"
  trigger="$(flink_rest POST "/jobs/$jid/savepoints" "$(jq -n --arg dir "$TRACKLAYER_FLINK_SAVEPOINT_DIR/$1" \
    '{"target-directory": $dir, "cancel-job": false, "formatType": "CANONICAL"}')" | jq -r '.["request-id"]')" \
    || die "savepoint of $1 not triggered"
  location="$(flink_await_savepoint "$jid" "$trigger")" || die "no savepoint of $1"
  printf '%s\t%s\tRUNNING\t%s\n' "$1" "$jid" "$location"
}

# Stop-with-savepoint: the sources stop, a last savepoint is taken, the sinks commit, the job ends.
flink_stop() {
  flink_check_job "${1:-}"
  local jid trigger location
  jid="$(flink_require_active "$1")"
  trigger="$(flink_rest POST "/jobs/$jid/stop" "$(jq -n --arg dir "$TRACKLAYER_FLINK_SAVEPOINT_DIR/$1" \
    '{targetDirectory: $dir, drain: false, formatType: "CANONICAL"}')" | jq -r '.["request-id"]')" \
    || die "stop of $1 not triggered"
  location="$(flink_await_savepoint "$jid" "$trigger")" || die "$1 was not stopped"
  printf '%s\t%s\tFINISHED\t%s\n' "$1" "$jid" "$location"
}

flink_cancel() {
  flink_check_job "${1:-}"
  local jid; jid="$(flink_require_active "$1")"
  flink_rest PATCH "/jobs/$jid?mode=cancel" >/dev/null || die "$1 was not cancelled"
  for _ in $(seq 1 120); do
    [ "$(flink_rest GET "/jobs/$jid" | jq -r .state)" = CANCELED ] && break
    sleep 0.5
  done
  printf '%s\t%s\t%s\t%s\n' "$1" "$jid" "$(flink_rest GET "/jobs/$jid" | jq -r .state)" \
    "newest retained checkpoint: $(flink_latest_retained "$1")"
}

# Stop-with-savepoint, then the jar as built now, from that savepoint.
flink_upgrade() {
  local job="${1:-}"; shift || true
  flink_check_job "$job"
  flink_require_active "$job" >/dev/null
  build
  local stopped savepoint
  stopped="$(flink_stop "$job")" || exit 1
  echo "$stopped"
  savepoint="$(cut -f4 <<<"$stopped")"
  flink_submit "$job" --from-savepoint "$savepoint" "$@" \
    || die "$job is stopped and not upgraded; its state is in $savepoint (./tracklayer flink submit $job --from-savepoint $savepoint)"
}

flink_list() {
  local jobs
  jobs="$(flink_rest GET /jobs/overview)" || exit 1
  printf '%s\t%s\t%s\t%s\t%s\n' JOB ID STATE STARTED "LATEST CHECKPOINT"
  jq -r '.jobs | sort_by(.["start-time"]) | .[] | [.name, .jid, .state, (.["start-time"] / 1000 | floor | todate)] | @tsv' \
    <<<"$jobs" | while IFS=$'\t' read -r name jid state started; do
    local chk=""
    case "$state" in FINISHED | CANCELED | FAILED) ;; *)
      chk="$(flink_rest GET "/jobs/$jid/checkpoints" 2>/dev/null | jq -r '.latest.completed.external_path // ""')" ;;
    esac
    printf '%s\t%s\t%s\t%s\t%s\n' "${name#tracklayer-}" "$jid" "$state" "$started" "$chk"
  done
}

cmd_flink() {
  local sub="${1:-}"
  shift || true
  flink_settings
  case "$sub" in
    list) flink_list ;;
    submit) flink_submit "$@" ;;
    savepoint) flink_savepoint "$@" ;;
    stop) flink_stop "$@" ;;
    cancel) flink_cancel "$@" ;;
    upgrade) flink_upgrade "$@" ;;
    *)
      cat >&2 <<EOF
usage: ./tracklayer flink <command>   (jobs: ${FLINK_JOBS[*]})
  list                       every job: name, id, state, start, latest checkpoint
  submit JOB [--from-savepoint PATH] [--allow-non-restored-state]
                             upload flink-jobs-all.jar and run JOB (refused while JOB runs)
  savepoint JOB              take a savepoint of the running JOB; prints its path
  stop JOB                   stop-with-savepoint; prints its path
  cancel JOB                 cancel (its retained checkpoints stay; \`up\` resumes from them)
  upgrade JOB [--allow-non-restored-state]
                             build, stop-with-savepoint, submit the new jar from that savepoint
EOF
      exit 2 ;;
  esac
}

# status rows: the JobManager, each TaskManager, each job.
flink_status() {
  flink_settings
  check flink-jobmanager ":$FLINK_PORT :$FLINK_RPC_PORT metrics :$FLINK_JM_METRICS_PORT" http_ok "http://127.0.0.1:$FLINK_PORT/overview"
  local n
  for n in $(seq 1 "$FLINK_TASKMANAGERS"); do
    check "flink-taskmanager-$n" "metrics :$((FLINK_METRICS_PORT + n - 1))" pid_alive "flink-taskmanager-$n"
  done
  local job jid state
  for job in "${FLINK_JOBS[@]}"; do
    jid="$(flink_active_job "$job" 2>/dev/null || true)"
    state=""
    if [ -n "$jid" ]; then state="$(flink_rest GET "/jobs/$jid" 2>/dev/null | jq -r .state || true)"; fi
    [ -n "$jid" ] && flink_job_outdated "$job" && jid="$jid (an earlier build: ./tracklayer flink upgrade $job)"
    check "job $job" "${state:-not running} ${jid}" test "$state" = RUNNING
  done
}
